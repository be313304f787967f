import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
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

function runAndKillAfter(out: string, ms: number, campaign = SAMPLE): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, 'run', campaign, '--out', out], { stdio: 'ignore' });
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

/** Fills in a fix-list as a school would: an answer under 整改情况, saved again (new bytes). */
async function fillIn(path: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.worksheets[0];
  let filled = false;
  sheet.eachRow((row, r) => row.eachCell((cell, c) => {
    if (!filled && cell.value === '整改情况') {
      sheet.getCell(r + 1, c).value = '已整改';
      filled = true;
    }
  }));
  expect(filled).toBe(true);
  await book.xlsx.writeFile(path);
  return readFileSync(path);
}

describe('runs into an out dir people use', () => {
  it('keep a filled-in fix-list (the terminal says where), remove an obsolete unchanged one, never touch the user\'s files, and stay kill-safe', async () => {
    const dir = tempDir('xueji-used-');
    cpSync(dirname(SAMPLE), dir, { recursive: true });
    const out = join(dir, 'out');
    const run = (campaign: string, target = out) => spawnSync(process.execPath, [CLI, 'run', join(dir, campaign), '--out', target], { encoding: 'utf8' });
    expect(run('campaign.yaml').status).toBe(0);
    const runA = fingerprint(out);
    // Run B: the rules that gave 大李集中心小学 (…0010) and 大李集中学 (…0012) their findings are off.
    writeFileSync(join(dir, 'campaign-b.yaml'), `${readFileSync(SAMPLE, 'utf8')}disable: [ID_MISMATCH, CONTINUATION_NOT_FOUND, DUPLICATE_SUSPECT, REGISTERED_NOT_ATTENDING, SUSPENSION_OVERDUE]\n`);
    expect(run('campaign-b.yaml', join(dir, 'fresh-b')).status).toBe(0);
    const runB = fingerprint(join(dir, 'fresh-b'));
    expect(Object.keys(runB).filter((f) => f.includes('2134160010') || f.includes('2134160012'))).toEqual([]);

    const stillListed = join(out, 'schools', '2134160001_城北中心小学', '整改清单.xlsx');
    const obsolete = join(out, 'schools', '2134160010_大李集中心小学', '整改清单.xlsx');
    const filled = { listed: await fillIn(stillListed), obsolete: await fillIn(obsolete) };
    const user: Record<string, string> = {
      'schools/返回/城北中心小学.xlsx': 'returned fix-list',
      'schools/2134160003_城北中学/回执.txt': 'a note put beside the fix-list',
      '说明.txt': 'a file of the user',
    };
    for (const [path, content] of Object.entries(user)) {
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), content);
    }
    const kept = {
      'schools/2134160001_城北中心小学/整改清单（已修改）.xlsx': filled.listed,
      'schools/2134160010_大李集中心小学/整改清单（已修改）.xlsx': filled.obsolete,
    };
    /** Checks the user's files and the kept fix-lists are untouched; returns the rest of the out dir (xueji's output) for the caller to compare. */
    const expectOutput = (where: string) => {
      const seen = fingerprint(out);
      for (const [path, content] of Object.entries(user)) expect(readFileSync(join(out, path), 'utf8'), `${path} ${where}`).toBe(content);
      for (const [path, bytes] of Object.entries(kept)) expect(readFileSync(join(out, path)).equals(bytes), `${path} ${where}`).toBe(true);
      const own = Object.fromEntries(Object.entries(seen).filter(([path]) => !(path in user) && !(path in kept)));
      return own;
    };

    const second = run('campaign-b.yaml');
    expect(second.status).toBe(0);
    const keptLines = second.stdout.split('\n').filter((l) => l.startsWith('保留: '));
    expect(keptLines).toEqual([
      `保留: ${join(out, 'schools', '2134160001_城北中心小学', '整改清单.xlsx')} 在上次运行后被改动过，没有覆盖，现在是 ${join(out, 'schools', '2134160001_城北中心小学', '整改清单（已修改）.xlsx')}`,
      `保留: ${join(out, 'schools', '2134160010_大李集中心小学', '整改清单.xlsx')} 在上次运行后被改动过，没有覆盖，现在是 ${join(out, 'schools', '2134160010_大李集中心小学', '整改清单（已修改）.xlsx')}`,
    ]);
    expect(expectOutput('after run B')).toEqual(runB);
    // …0012 had nothing but xueji's files: gone with its folder. …0010 keeps its folder for the kept fix-list.
    expect(existsSync(join(out, 'schools', '2134160012_大李集中学'))).toBe(false);
    expect(readdirSync(join(out, 'schools', '2134160010_大李集中心小学'))).toEqual(['整改清单（已修改）.xlsx']);

    // Run A again, killed at points spread over the run: the out dir is run B's or run A's complete output
    // (or, killed between two renames of the publish, its journal is there and the next run finishes it).
    for (const ms of [200, 700, 1200, 1700, 2200]) {
      await runAndKillAfter(out, ms, join(dir, 'campaign.yaml'));
      const own = expectOutput(`after a kill at ${ms} ms`);
      if (!existsSync(join(out, '.xueji-publish.json'))) expect([runA, runB], `after a kill at ${ms} ms`).toContainEqual(own);
    }
    expect(run('campaign.yaml').status).toBe(0);
    expect(expectOutput('after run A')).toEqual(runA);
    expect(readdirSync(out).filter((e) => e.startsWith('.xueji-'))).toEqual(['.xueji-manifest.json']);
  });
});
