import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Store } from '../../../pipeline/check/store.js';
import { fileURLToPath } from 'node:url';
import { idFacts } from '../../../pipeline/load/id-facts.js';
import { FINDINGS_TABLE } from '../../../pipeline/check/rule-runner.js';
import { writeFindings } from '../../../pipeline/check/findings-output.js';
import { runFollowUp } from '../../../pipeline/follow/follow-up.js';
import { checkPreviousRun } from '../../../pipeline/follow/previous-run.js';
import type { ReturnRow } from '../../../pipeline/follow/return-sheet.js';
import { writeWorkbook } from '../../../reports/write/workbook-writer.js';
import { tempDir, writeText } from '../../helpers/workbook.js';

const S1 = '2134160001';
const S2 = '2134160002';
const SCHOOLS: Record<string, string> = { [S1]: '城北中心小学', [S2]: '=城关小学' };

interface F { rule: string; school: string; key?: string; grade: number }
const idOf = (f: F) => createHash('sha256').update(f.key ? `${f.rule}|${f.key}` : `${f.rule}|${f.school}|${f.grade}`, 'utf8').digest('hex').slice(0, 12);

const a1: F = { rule: 'GUARDIAN_MISSING', school: S1, key: 'G1', grade: 3 };
const a2: F = { rule: 'PHOTO_MISSING', school: S1, key: 'G2', grade: 3 };
const a3: F = { rule: 'FAMILY_INCOMPLETE', school: S1, key: 'G3', grade: 4 };
const a4: F = { rule: 'ID_MISMATCH', school: S2, key: 'G4', grade: 2 };
const a5: F = { rule: 'AGE_GRADE', school: S2, key: 'G5', grade: 5 };
const a6: F = { rule: 'HEADCOUNT_GAP', school: S2, grade: 3 };
const a7: F = { rule: 'PHOTO_MISSING', school: S2, key: 'G7', grade: 6 };
const b1: F = { rule: 'ID_INVALID', school: S1, key: 'G8', grade: 1 };

const RULES_DIR = fileURLToPath(new URL('../../../rules/', import.meta.url));

/** A store as the rules leave it: the school list, the prelude's views and these findings. */
async function storeWith(findings: F[]): Promise<Store> {
  const store = await Store.open(':memory:');
  await store.run(readFileSync(join(RULES_DIR, 'macros.sql'), 'utf8'));
  await store.createInputTables({ registry: idFacts('2025-10-28') });
  for (const [code, name] of Object.entries(SCHOOLS)) await store.query('INSERT INTO schools (school_code, school_name, district) VALUES ($code, $name, $d)', { code, name, d: code === S1 ? '城北' : '城关' });
  await store.run(readFileSync(join(RULES_DIR, 'prelude.sql'), 'utf8'));
  await store.run(FINDINGS_TABLE);
  for (const f of findings) {
    await store.query(`INSERT INTO findings (rule, severity, district, school_code, school_name, grade, student_key, student_name, detail, source_file, source_row, title, finding_id)
      VALUES ($rule, 'warning', $district, $school, $name, $grade, $key, '某某', '说明', 'registry/a.xlsx', 2, '问题', $id)`,
    { rule: f.rule, district: f.school === S1 ? '城北' : '城关', school: f.school, name: SCHOOLS[f.school], grade: f.grade, key: f.key ?? null!, id: idOf(f) });
  }
  return store;
}

/** One campaign's run of the follow-up over `findings`; its out dir gets findings.csv and summary.json as a run writes them. */
async function campaign(name: string, findings: F[], previous: string | null, returns: string[] = []) {
  const dir = tempDir(`xueji-follow-${name}-`);
  const store = await storeWith(findings);
  try {
    const prev = previous ? await checkPreviousRun(previous, dir, 'campaign.yaml') : null;
    const outcome = await runFollowUp(store, prev, returns.map((path) => ({ path, display: path.slice(path.lastIndexOf('/returns/') + 1) })), dir, 'campaign.yaml');
    await writeFindings(store, dir);
    writeFileSync(join(dir, 'summary.json'), JSON.stringify({ campaign: name, as_of: '2025-10-28', follow_up: outcome.facts?.summary ?? null }));
    const followUp = Object.fromEntries((await store.query<{ finding_id: string; follow_up: string | null }>('SELECT finding_id, follow_up FROM findings')).map((r) => [r.finding_id, r.follow_up]));
    return { dir, outcome, followUp };
  } finally {
    store.close();
  }
}

const csvRows = (path: string) => readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split('\r\n').filter(Boolean);

/** A school's returned fix-list: title line with its code, header, rows [问题编号, 整改情况, 说明]. */
async function returned(dir: string, name: string, school: string | null, rows: string[][]): Promise<string> {
  const path = join(dir, 'returns', name);
  mkdirSync(join(dir, 'returns'), { recursive: true });
  await writeWorkbook(path, { creator: 'test', date: '2025-11-18' }, [{ name: '整改清单', options: {
    preamble: [`学籍核查整改清单`, school ? `学校标识码：${school}` : '汇总'], header: ['序号', '问题编号', '姓名', '整改情况', '说明'],
    rows: rows.map((r, i) => ({ values: [i + 1, r[0], '某某', r[1] ?? '', r[2] ?? ''] })),
  } }]);
  return path;
}

describe('follow-up across three campaigns', async () => {
  const first = await campaign('2025秋', [a1, a2, a3, a4, a5, a6, a7], null);
  const returnsDir = tempDir('xueji-follow-returns-');
  const s1 = await returned(returnsDir, 's1.xlsx', S1, [
    [idOf(a1), '已整改', '已补录监护人'], [idOf(a2), '已整改'], [idOf(a3), '无需整改', '户籍信息正确'],
    ['ffffffffffff', '已整改'], [idOf(a4), '已整改'],
  ]);
  const s2 = await returned(returnsDir, 's2.xlsx', S2, [
    [idOf(a4), '无法整改', '家长不配合'], [idOf(a4), '无法整改'], [idOf(a5), '已整改'], [idOf(a5), '无法整改'], [idOf(a7), '已改正'],
  ]);
  const broken = writeText(join(returnsDir, 'returns', 'broken.xlsx'), 'not a workbook');
  const second = await campaign('2026春', [a2, a3, a4, a5, b1], first.dir, [s1, s2, broken]);
  const third = await campaign('2026复查', [a1, a6, b1], second.dir);

  it('without previous: or returns there is nothing to follow up, but resolved.csv and returns_problems.csv are there (header only)', () => {
    expect(first.outcome.facts).toBeNull();
    expect(Object.values(first.followUp)).toEqual([null, null, null, null, null, null, null]);
    expect(csvRows(join(first.dir, 'resolved.csv'))).toEqual(['finding_id,rule,district,school_code,school_name,grade,student_key,answer,note']);
    expect(csvRows(join(first.dir, 'returns_problems.csv'))).toEqual(['file,sheet,row,reason']);
  });

  it('marks each finding: 整改不实 (claimed fixed), 未整改 (无需整改 / 无法整改 / two answers), 新增', () => {
    expect(second.followUp).toEqual({
      [idOf(a2)]: '整改不实', [idOf(a3)]: '未整改', [idOf(a4)]: '未整改', [idOf(a5)]: '未整改', [idOf(b1)]: '新增',
    });
  });

  it('lists the previous findings gone now in resolved.csv with the school\'s answer and note (formula-looking names guarded)', () => {
    expect(csvRows(join(second.dir, 'resolved.csv'))).toEqual([
      'finding_id,rule,district,school_code,school_name,grade,student_key,answer,note',
      `${idOf(a1)},GUARDIAN_MISSING,城北,${S1},城北中心小学,3,G1,已整改,已补录监护人`,
      `${idOf(a6)},HEADCOUNT_GAP,城关,${S2},'=城关小学,3,,,`,
      `${idOf(a7)},PHOTO_MISSING,城关,${S2},'=城关小学,6,G7,,`,
    ]);
  });

  it('lists every return problem with file, sheet and row, and counts the rows, the matches and the answers', () => {
    const problems = csvRows(join(second.dir, 'returns_problems.csv'));
    expect(problems[0]).toBe('file,sheet,row,reason');
    expect(problems.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual([
      'returns/s1.xlsx,整改清单,7', 'returns/s1.xlsx,整改清单,8', 'returns/s2.xlsx,整改清单,7', 'returns/s2.xlsx,整改清单,8', 'returns/broken.xlsx,,',
    ]);
    expect(problems[1]).toContain('ffffffffffff 不是上次核查通报的问题');
    expect(problems[2]).toContain(`${idOf(a4)} 是=城关小学的问题，不属于本校（城北中心小学）`);
    expect(problems[3]).toContain(`${idOf(a5)} 的整改情况“无法整改”与returns/s2.xlsx 工作表“整改清单”第6行的“已整改”不同`);
    expect(problems[4]).toContain('整改情况不是“已整改”“无需整改”“无法整改”之一');
    expect(problems[5]).toMatch(/^returns\/broken.xlsx,,,无法读取：/);
    expect(second.outcome.facts?.summary).toEqual({
      previous: 7, new: 1, persisting: 3, false_claims: 1, relapsed: 0, resolved: 3,
      answers: { 已整改: 2, 无需整改: 1, 无法整改: 1, 未填: 3 },
      returns: { files: 3, rows: 10, matched: 9, problems: 5 },
    });
  });

  it('a third campaign: problems listed in the previous resolved.csv that came back are 反弹', () => {
    expect(third.followUp).toEqual({ [idOf(a1)]: '反弹', [idOf(a6)]: '反弹', [idOf(b1)]: '未整改' });
    expect(third.outcome.facts?.summary).toEqual({
      previous: 5, new: 0, persisting: 1, false_claims: 0, relapsed: 2, resolved: 4,
      answers: { 已整改: 0, 无需整改: 0, 无法整改: 0, 未填: 5 },
      returns: { files: 0, rows: 0, matched: 0, problems: 0 },
    });
    expect(csvRows(join(third.dir, 'resolved.csv')).slice(1).map((l) => l.split(',')[0])).toEqual([idOf(a2), idOf(a3), idOf(a4), idOf(a5)]);
  });
});

describe('returns without previous:', () => {
  it('are matched against this run\'s own findings: answers and problems, no follow_up', async () => {
    const dir = tempDir('xueji-follow-noprev-');
    const s1 = await returned(dir, 's1.xlsx', null, [[idOf(a1), '已整改'], [idOf(a4), '无需整改', '已核实'], ['ffffffffffff', '']]);
    const run = await campaign('2025秋', [a1, a2, a4], null, [s1]);
    expect(Object.values(run.followUp)).toEqual([null, null, null]);
    expect(run.outcome.facts?.summary).toEqual({
      previous: 0, new: 0, persisting: 0, false_claims: 0, relapsed: 0, resolved: 0,
      answers: { 已整改: 1, 无需整改: 1, 无法整改: 0, 未填: 1 },
      returns: { files: 1, rows: 3, matched: 2, problems: 1 },
    });
    // A workbook naming no school is not checked for other schools' findings (a 学区 may return one for all).
    expect(csvRows(join(run.dir, 'returns_problems.csv')).slice(1)).toEqual(['returns/s1.xlsx,整改清单,6,问题编号 ffffffffffff 不是本次核查的问题（未找到该编号）']);
  });
});

describe('previous: must be an xueji out dir', () => {
  const root = tempDir('xueji-follow-bad-');
  const fails = (given: string) => checkPreviousRun(given, root, 'campaign.yaml');

  it('names the folder, as given and where it lies, when it is missing, a file, or not an out dir', async () => {
    await expect(fails('../nowhere')).rejects.toThrow(/^campaign\.yaml: previous: “\.\.\/nowhere”（.*nowhere）不存在/);
    writeText(join(root, 'a-file'), 'x');
    await expect(fails('a-file')).rejects.toThrow('不是文件夹');
    mkdirSync(join(root, 'campaign-folder'));
    writeText(join(root, 'campaign-folder', 'summary.json'), '{}');
    await expect(fails('campaign-folder')).rejects.toThrow(/“campaign-folder”（.*campaign-folder）不是 xueji 的输出目录（没有 findings\.csv）$/);
  });

  it('refuses an out dir of an older xueji (no finding_id) or a findings.csv re-saved by Excel, in one line', async () => {
    mkdirSync(join(root, 'old'));
    writeText(join(root, 'old', 'summary.json'), '{"campaign": "旧"}');
    writeText(join(root, 'old', 'findings.csv'), '\uFEFFrule,severity,school_code\r\nID_MISSING,error,1\r\n');
    await expect(fails('old')).rejects.toThrow('没有 finding_id 列');
    mkdirSync(join(root, 'gbk'));
    writeText(join(root, 'gbk', 'summary.json'), '{}');
    writeText(join(root, 'gbk', 'findings.csv'), Buffer.from([0xb9, 0xe6, 0xd4, 0xf2, 0x2c, 0x61, 0x0d, 0x0a]));
    await expect(fails('gbk')).rejects.toThrow('不是 UTF-8 编码');
    mkdirSync(join(root, 'broken-summary'));
    writeText(join(root, 'broken-summary', 'summary.json'), '{');
    writeText(join(root, 'broken-summary', 'findings.csv'), '\uFEFFrule,finding_id\r\n');
    await expect(fails('broken-summary')).rejects.toThrow('summary.json 不是 xueji 写出的 JSON 文件');
  });
});
