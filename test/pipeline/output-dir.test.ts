import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Campaign } from '../../pipeline/campaign.js';
import { beginOutput, outDirProblem } from '../../pipeline/output-dir.js';
import { commitJournal, MANIFEST, planPublish, runSteps } from '../../pipeline/output-publish.js';
import { publishRun as run, tree, write } from '../helpers/out-dir.js';
import { tempDir } from '../helpers/workbook.js';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

const RUN1 = {
  'findings.csv': 'rule\nA\nB\n',
  'summary.json': '{"n":2}',
  'report/index.html': '<p>1</p>',
  'schools/S1_一小/整改清单.xlsx': 'fix S1 v1',
  'schools/S1_一小/整改清单.html': 'fix S1 html v1',
  'schools/S2_二小/整改清单.xlsx': 'fix S2 v1',
  'schools/S2_二小/整改清单.html': 'fix S2 html v1',
  'schools/S3_三小/整改清单.xlsx': 'fix S3 v1',
  'schools/S3_三小/整改清单.html': 'fix S3 html v1',
};
// S2 and S3 have no findings any more: their fix-lists are not written.
const RUN2 = {
  'findings.csv': 'rule\nA\n',
  'summary.json': '{"n":1}',
  'report/index.html': '<p>2</p>',
  'schools/S1_一小/整改清单.xlsx': 'fix S1 v2',
  'schools/S1_一小/整改清单.html': 'fix S1 html v2',
  'schools/S4_四小/整改清单.xlsx': 'fix S4 v2',
};

/** The out dir after run 1, with what people did there since: two fix-lists filled in, folders and files of their own. */
async function usedOutDir(): Promise<string> {
  const out = join(tempDir('xueji-out-'), 'out');
  await run(out, RUN1);
  write(out, {
    'schools/S1_一小/整改清单.xlsx': 'fix S1 filled in by the school',
    'schools/S2_二小/整改清单.xlsx': 'fix S2 filled in by the school',
    'schools/返回/S1_一小.xlsx': 'returned by S1',
    'schools/S1_一小/回执.txt': 'a note of the user',
    '说明.txt': 'the user\'s own file',
  });
  return out;
}

const AFTER_RUN2 = {
  ...RUN2,
  'schools/S1_一小/整改清单（已修改）.xlsx': 'fix S1 filled in by the school',
  'schools/S2_二小/整改清单（已修改）.xlsx': 'fix S2 filled in by the school',
  'schools/返回/S1_一小.xlsx': 'returned by S1',
  'schools/S1_一小/回执.txt': 'a note of the user',
  '说明.txt': 'the user\'s own file',
};

describe('publishing into an out dir people use', () => {
  it('writes a manifest of every file with its SHA-256', async () => {
    const out = join(tempDir('xueji-out-'), 'out');
    await run(out, RUN1);
    expect(tree(out)).toEqual(RUN1);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { version: number; files: Record<string, string> };
    expect(manifest).toEqual({ version: 1, files: Object.fromEntries(Object.entries(RUN1).map(([p, c]) => [p, sha(c)]).sort(([a], [b]) => (a < b ? -1 : 1))) });
    expect(readdirSync(out).filter((e) => e.startsWith('.xueji-'))).toEqual([MANIFEST]);
  });

  it('replaces only unchanged files it wrote; keeps a changed one beside the new, under a name that says so; never touches the user\'s files and folders', async () => {
    const out = await usedOutDir();
    const plan = await run(out, RUN2);
    expect(tree(out)).toEqual(AFTER_RUN2);
    expect(plan.kept).toEqual([
      { path: 'schools/S1_一小/整改清单.xlsx', to: 'schools/S1_一小/整改清单（已修改）.xlsx' },
      { path: 'schools/S2_二小/整改清单.xlsx', to: 'schools/S2_二小/整改清单（已修改）.xlsx' },
    ]);
    // S3 had no changes and no findings now: its fix-lists and then its empty folder went.
    expect(plan.removed).toEqual(['schools/S2_二小/整改清单.html', 'schools/S3_三小/整改清单.html', 'schools/S3_三小/整改清单.xlsx']);
    expect(existsSync(join(out, 'schools', 'S3_三小'))).toBe(false);
    // The manifest lists this run's files only: the kept ones are the user's now.
    expect(Object.keys((JSON.parse(readFileSync(join(out, MANIFEST), 'utf8')) as { files: object }).files)).toEqual(Object.keys(RUN2).sort());
  });

  it('a third run leaves the kept files alone and numbers a second kept version', async () => {
    const out = await usedOutDir();
    await run(out, RUN2);
    write(out, { 'schools/S1_一小/整改清单.xlsx': 'fix S1 v2 filled in' });
    const plan = await run(out, RUN2);
    expect(plan.kept).toEqual([{ path: 'schools/S1_一小/整改清单.xlsx', to: 'schools/S1_一小/整改清单（已修改2）.xlsx' }]);
    expect(tree(out)).toEqual({ ...AFTER_RUN2, 'schools/S1_一小/整改清单（已修改2）.xlsx': 'fix S1 v2 filled in' });
  });

  it('stops before changing anything where it would write over a file it did not write', async () => {
    const out = await usedOutDir();
    write(out, { 'schools/S4_四小/整改清单.xlsx': 'a file of the user where this run writes' });
    const before = tree(out);
    await expect(run(out, RUN2)).rejects.toThrow(/中已有不是 xueji 写的“schools\/S4_四小\/整改清单.xlsx”.*没有改动任何文件/);
    expect(tree(out)).toEqual(before);
    // Files every run writes are checked before the run's work.
    const foreign = join(tempDir('xueji-out-'), 'out');
    write(foreign, { 'summary.json': 'the user\'s', 'run.log': 'the user\'s' });
    await expect(beginOutput(foreign, ['findings.csv', 'summary.json', 'run.log'])).rejects.toThrow(/已有不是 xueji 写的“summary.json”等 2 处/);
  });

  it('refuses a damaged manifest rather than guess what is xueji\'s', async () => {
    const out = await usedOutDir();
    writeFileSync(join(out, MANIFEST), '{"version":1,"files":');
    await expect(beginOutput(out)).rejects.toThrow(/输出记录已损坏/);
  });

  it('a kill after any step of a publish: each file is the old or the new one, the user\'s files are all there, and the next run completes the publish', async () => {
    const initial = await usedOutDir();
    const before = tree(initial);
    const reference = join(tempDir('xueji-ref-'), 'out');
    cpSync(initial, reference, { recursive: true });
    await run(reference, RUN2);
    let steps = 0;
    for (let done = 0; done <= steps; done++) {
      const out = join(tempDir('xueji-kill-'), 'out');
      cpSync(initial, out, { recursive: true });
      const { staging } = await beginOutput(out);
      write(staging, RUN2);
      const plan = planPublish(out, staging);
      steps = plan.steps.length;
      commitJournal(out, staging, plan.steps);
      runSteps(out, staging, plan.steps.slice(0, done), false); // then kill -9
      const seen = tree(out);
      for (const [path, content] of Object.entries(seen)) expect([before[path], AFTER_RUN2[path as keyof typeof AFTER_RUN2]], `${path} after ${done} steps`).toContain(content);
      for (const user of ['schools/返回/S1_一小.xlsx', 'schools/S1_一小/回执.txt', '说明.txt']) expect(seen[user]).toBe(before[user]);
      expect(Object.values(seen).filter((c) => c.includes('filled in by the school'))).toHaveLength(2);
      // The next run starts by finishing the publish; a kill during that replay is replayed in turn.
      if (done % 2) runSteps(out, staging, plan.steps.slice(0, done + 1), true);
      await beginOutput(out);
      expect(tree(out), `after ${done} steps`).toEqual(AFTER_RUN2);
      expect(readdirSync(out).filter((e) => e.startsWith('.xueji-')).sort(), `after ${done} steps`).toEqual(['.xueji-manifest.json', '.xueji-staging']);
      expect(readFileSync(join(out, MANIFEST), 'utf8')).toBe(readFileSync(join(reference, MANIFEST), 'utf8'));
    }
    expect(steps).toBeGreaterThan(8);
  });
});

describe('a publish interrupted, then someone changes a file before the next run', () => {
  it('keeps that file too, and the next run names it', async () => {
    const out = await usedOutDir();
    const { staging } = await beginOutput(out);
    write(staging, RUN2);
    const plan = planPublish(out, staging);
    commitJournal(out, staging, plan.steps); // killed right after the commit point
    const replace = plan.steps.find((step) => step.op === 'replace');
    expect(replace?.path).toBe('findings.csv');
    write(out, { 'findings.csv': 'opened in Excel and saved', 'schools/S4_四小/整改清单.xlsx': 'a file put where the new school\'s fix-list goes' });
    const { kept } = await beginOutput(out);
    expect(kept).toEqual([
      { path: 'findings.csv', to: 'findings（已修改）.csv' },
      { path: 'schools/S4_四小/整改清单.xlsx', to: 'schools/S4_四小/整改清单（已修改）.xlsx' },
    ]);
    expect(tree(out)).toEqual({ ...AFTER_RUN2, 'findings（已修改）.csv': 'opened in Excel and saved', 'schools/S4_四小/整改清单（已修改）.xlsx': 'a file put where the new school\'s fix-list goes' });
  });
});

describe('the out dir is not an input folder', () => {
  const campaign = (dir: string, extra: Partial<Campaign> = {}) => ({
    dir,
    file: join(dir, 'campaign.yaml'),
    patterns: [
      { key: 'inputs.schools', pattern: 'schools.xlsx', path: [] },
      { key: 'inputs.registry', pattern: 'registry/*.xlsx', path: [] },
    ],
    inputs: { schools: [{ path: join(dir, 'schools.xlsx'), display: 'schools.xlsx' }], registry: [{ path: join(dir, 'registry', 'a.xlsx'), display: 'registry/a.xlsx' }] },
    returns: [],
    rules: [],
    previous: undefined,
    ...extra,
  });

  it('refuses the folder of a wildcard pattern and any folder inside it; out/2025-fall beside schools.xlsx is fine', () => {
    const dir = tempDir();
    const c = campaign(dir);
    expect(outDirProblem(join(dir, 'out', '2025-fall'), c)).toBeUndefined();
    expect(outDirProblem(join(dir, 'out'), c)).toBeUndefined();
    expect(outDirProblem(join(dir, 'registry'), c)).toBe('输出目录 registry 就是输入 inputs.registry 的“registry/*.xlsx”读取的文件夹，下次运行会把输出当作输入读入；请换一个输出目录，如 out/2025-fall');
    expect(outDirProblem(join(dir, 'registry', 'out'), c)).toMatch(/^输出目录 registry\/out 在输入 inputs.registry 的“registry\/\*.xlsx”读取的文件夹 registry 之内/);
    // A pattern in the campaign folder itself: only that folder is refused, unless the pattern reaches into subfolders.
    const top = campaign(dir, { patterns: [{ key: 'inputs.registry', pattern: '*.xlsx', path: [] }] });
    expect(outDirProblem(join(dir, 'out'), top)).toBeUndefined();
    expect(outDirProblem(dir, top)).toMatch(/就是输入 inputs.registry 的“\*.xlsx”读取的文件夹/);
    for (const pattern of ['**/*.xlsx', '*/*.csv', './**/registry.csv']) {
      expect(outDirProblem(join(dir, 'out'), campaign(dir, { patterns: [{ key: 'inputs.registry', pattern, path: [] }] })), pattern).toMatch(/下次运行会把输出当作输入读入/);
    }
    expect(outDirProblem(join(dir, 'local-rules', 'out'), campaign(dir, { rules: ['local-rules/*.yaml'] }))).toMatch(/输入 rules 的“local-rules\/\*.yaml”/);
    const elsewhere = tempDir();
    const absolute = campaign(dir, { patterns: [{ key: 'inputs.family', pattern: `${elsewhere}/family/*.xlsx`, path: [] }] });
    expect(outDirProblem(join(elsewhere, 'family', 'out'), absolute)).toMatch(/下次运行会把输出当作输入读入/);
    expect(outDirProblem(join(dir, 'out'), absolute)).toBeUndefined();
  });

  it('refuses an out dir that holds an input file, the campaign file, or overlaps the previous campaign\'s out dir', () => {
    const dir = tempDir();
    expect(outDirProblem(dir, campaign(dir))).toMatch(/中有输入文件 /);
    const nested = campaign(dir, { inputs: { schools: [{ path: join(dir, 'data', '2025', 'schools.xlsx'), display: 'data/2025/schools.xlsx' }] } });
    expect(outDirProblem(join(dir, 'data'), nested)).toBe('输出目录 data 中有输入文件 data/2025/schools.xlsx；请换一个输出目录，如 out/2025-fall');
    const other = tempDir();
    const outside = campaign(dir, { inputs: { schools: [{ path: join(other, 'schools.xlsx'), display: join(other, 'schools.xlsx') }] } });
    expect(outDirProblem(other, outside)).toMatch(/中有输入文件 .*schools.xlsx/);
    const followUp = campaign(dir, { previous: '../2025-spring/out' });
    expect(outDirProblem(join(dir, '..', '2025-spring', 'out'), followUp)).toMatch(/与上一次活动的输出目录 previous: \.\.\/2025-spring\/out 重叠/);
    expect(outDirProblem(join(dir, 'out'), followUp)).toBeUndefined();
    writeFileSync(join(dir, 'out.txt'), '');
    expect(outDirProblem(join(dir, 'out.txt'), campaign(dir))).toMatch(/是一个文件，不是文件夹/);
  });

  it('sees through a symbolic link to an input folder', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'registry'));
    symlinkSync(join(dir, 'registry'), join(dir, 'link'));
    expect(outDirProblem(join(dir, 'link', 'out'), campaign(dir))).toMatch(/读取的文件夹 registry 之内/);
  });
});
