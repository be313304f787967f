import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareFindings } from '../helpers/findings-compare.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const GEN = fileURLToPath(new URL('../../dist/data-samples/generator/cli.js', import.meta.url));

describe('a generated county of 24,000 pupils', () => {
  it('every rule finds exactly the planted findings (precision and recall 1.0) and names their rows', () => {
    const dir = tempDir('xueji-county-');
    execFileSync(process.execPath, [GEN, '--students', '24000', '--seed', '7', '--out', dir], { stdio: 'ignore' });
    const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', join(dir, 'out')]);
    expect(r.code).toBe(0);
    const scores = compareFindings(join(dir, 'expected-findings.csv'), join(dir, 'out', 'findings.csv'));
    expect(Object.keys(scores)).toHaveLength(15);
    for (const [rule, s] of Object.entries(scores)) {
      expect(s.expected).toBeGreaterThan(0);
      expect([rule, s.missing.slice(0, 5), s.extra.slice(0, 5)]).toEqual([rule, [], []]);
    }
  });
});
