import * as fs from 'node:fs';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { publishRun as run, tree } from '../helpers/out-dir.js';
import { tempDir } from '../helpers/workbook.js';

/** Every rename the publish makes, with the out dir looked at right after it (where a kill -9 could land). */
const afterEachRename: ((from: string, to: string) => void)[] = [];
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    renameSync: (from: fs.PathLike, to: fs.PathLike) => {
      real.renameSync(from, to);
      for (const look of afterEachRename) look(String(from), String(to));
    },
  };
});

describe('a kill -9 between any two renames of a publish', () => {
  it('finds every file both runs write there, old or new, never missing; a file written again with its bytes is not touched', async () => {
    const first = { 'findings.csv': 'a\n', 'summary.json': '{"n":1}', 'rules/A.sql': 'select 1', 'schools/S1/整改清单.xlsx': 'S1 v1', 'schools/S2/整改清单.xlsx': 'S2 v1' };
    const second = { 'findings.csv': 'a\nb\n', 'summary.json': '{"n":2}', 'rules/A.sql': 'select 1', 'schools/S1/整改清单.xlsx': 'S1 v2', 'schools/S3/整改清单.xlsx': 'S3 v2' };
    const out = join(tempDir('xueji-renames-'), 'out');
    await run(out, first);
    const unchanged = statSync(join(out, 'rules', 'A.sql'), { bigint: true });
    const both = Object.keys(first).filter((path) => path in second);
    const seen: string[] = [];
    afterEachRename.push((from, to) => {
      const now = tree(out);
      for (const path of both) expect([first[path as keyof typeof first], second[path as keyof typeof second]], `${path} after renaming ${from} to ${to}`).toContain(now[path]);
      seen.push(to);
    });
    try {
      await run(out, second);
    } finally {
      afterEachRename.length = 0;
    }
    expect(tree(out)).toEqual(second);
    expect(seen.length).toBeGreaterThan(3);
    // rules/A.sql has the same bytes: not renamed, the same file as before.
    expect(seen.filter((to) => to.endsWith('A.sql'))).toEqual([]);
    const after = statSync(join(out, 'rules', 'A.sql'), { bigint: true });
    expect([after.ino, after.mtimeNs]).toEqual([unchanged.ino, unchanged.mtimeNs]);
  });

  it('a run that writes every file with the bytes it already has renames only its journal and its manifest', async () => {
    const files = { 'findings.csv': 'a\n', 'schools/S1/整改清单.xlsx': 'S1 v1' };
    const out = join(tempDir('xueji-renames-'), 'out');
    await run(out, files);
    const renamed: string[] = [];
    afterEachRename.push((_from, to) => renamed.push(to.slice(out.length + 1)));
    try {
      const plan = await run(out, files);
      expect(plan.steps).toEqual([{ op: 'place', path: '.xueji-manifest.json' }]);
    } finally {
      afterEachRename.length = 0;
    }
    expect(renamed).toEqual(['.xueji-publish.json', '.xueji-manifest.json']);
    expect(tree(out)).toEqual(files);
  });
});
