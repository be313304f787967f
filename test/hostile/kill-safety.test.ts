import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));

/** md5 of every file under dir except the staging folders (which a killed run may leave). */
function fingerprint(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      if (e.startsWith('.xueji-')) continue;
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('md5').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function runAndKillAfter(out: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', SAMPLE, '--out', out], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('exit', () => { clearTimeout(timer); resolve(); });
  });
}

describe('kill -9 at any moment', () => {
  it('leaves the previous complete output intact (byte for byte), and the next run clears leftover staging', async () => {
    const out = join(tempDir('xueji-kill-'), 'out');
    expect(spawnSync(process.execPath, [CLI, 'run', SAMPLE, '--out', out]).status).toBe(0);
    const complete = fingerprint(out);
    expect(Object.keys(complete).length).toBeGreaterThan(30);
    // Kill points spread over a whole run (about 1.5-2.5 s here), deterministic so a failure can be replayed.
    for (const ms of [50, 150, 300, 450, 600, 750, 900, 1050, 1200, 1350, 1500, 1700, 1900]) {
      await runAndKillAfter(out, ms);
      expect(fingerprint(out)).toEqual(complete);
    }
    expect(spawnSync(process.execPath, [CLI, 'run', SAMPLE, '--out', out]).status).toBe(0);
    expect(existsSync(join(out, '.xueji-staging'))).toBe(false);
    expect(existsSync(join(out, '.xueji-previous'))).toBe(false);
    // A fresh run gives the same files; xueji.duckdb's bytes may differ (DuckDB runs multi-threaded), not its contents.
    const { 'xueji.duckdb': _store, ...rerun } = fingerprint(out);
    const { 'xueji.duckdb': _first, ...first } = complete;
    expect(rerun).toEqual(first);
  });
});
