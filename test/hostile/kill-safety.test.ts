import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/workbook.js';

const SAMPLE = fileURLToPath(new URL('../../data-samples/sample/campaign.yaml', import.meta.url));

/**
 * md5 of every file under dir except the staging folders (which a killed run may leave). A run that
 * finished before its kill leaves a new complete output, byte for byte the same as the previous one.
 */
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
    // Without --store the working database stayed in memory: no store file, no spill directory.
    expect(Object.keys(complete).filter((f) => /duckdb/.test(f))).toEqual([]);
    // Kill points spread over a whole run (about 1.2-2 s here; a late one may find the run finished),
    // deterministic so a failure can be replayed.
    for (const ms of [50, 150, 300, 450, 600, 750, 900, 1050, 1200, 1350, 1500, 1700, 1900]) {
      await runAndKillAfter(out, ms);
      expect(fingerprint(out)).toEqual(complete);
    }
    expect(spawnSync(process.execPath, [CLI, 'run', SAMPLE, '--out', out]).status).toBe(0);
    expect(existsSync(join(out, '.xueji-staging'))).toBe(false);
    expect(existsSync(join(out, '.xueji-previous'))).toBe(false);
    expect(fingerprint(out)).toEqual(complete);
  });
});
