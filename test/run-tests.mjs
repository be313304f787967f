// `npm test`: build (the CLI tests run dist/), type-check the tests with the code they call, run vitest,
// then print the plain closing line CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A test that no longer matches the types it calls fails here, by name, before it runs against them.
for (const project of ['tsconfig.json', 'tsconfig.test.json']) {
  const check = spawnSync('npx', ['tsc', '-p', project], { stdio: 'inherit' });
  if (check.status !== 0) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'xueji-vitest-'));
const report = join(dir, 'report.json');
const run = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], { stdio: 'inherit' });
let passed = 0;
let failed = 0;
let skipped = 0;
try {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  // A test file that failed to load has no failed tests of its own: count it once.
  const brokenFiles = (json.testResults ?? []).filter((f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed')).length;
  failed = json.numFailedTests + brokenFiles;
  skipped = json.numPendingTests + (json.numTodoTests ?? 0);
} catch {
  failed = Math.max(failed, 1);
}
rmSync(dir, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);
