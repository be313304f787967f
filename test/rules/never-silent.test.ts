/**
 * The contract's "Never silent" cases, each built here as a tiny campaign of CSV files and run through
 * the CLI: alias headers, unrecognised and missing columns, unreadable values, records at schools not in
 * the school list, a 学区 whose file was left out. Asserts findings, warnings, summary.json and index.html.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { parseCsv } from '../helpers/findings-compare.js';
import { pupil, type TestPupil } from '../helpers/rule-campaign.js';
import { tempDir } from '../helpers/workbook.js';

type Rows = (string | number)[][];

const csv = (rows: Rows) => rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\n') + '\n';

/** Header → the pupil's value for it (aliases and variants included, as a test file writes them). */
const VALUE: Record<string, (p: Required<TestPupil>) => string> = {
  全国学籍号: (p) => p.no, 学籍号: (p) => p.no, 姓名: (p) => p.name, 学生姓名: (p) => p.name, 性别: (p) => p.sex, '性别（男/女）': (p) => p.sex, '性别(男/女)': (p) => p.sex,
  出生日期: (p) => p.birth, 出生年月日: (p) => p.birth, ' 出 生 年 月 日 ': (p) => p.birth, 出生年月: (p) => p.birth, 身份证件类型: (p) => p.idType, 身份证件号码: (p) => p.id, 身份证件号: (p) => p.id,
  身份证件编号: (p) => p.id, 户口所在地: (p) => p.hukou, 现住址: (p) => p.address, 学校标识码: (p) => p.school, 年级: (p) => p.grade, 所在年级: (p) => p.grade,
  学籍状态: (p) => p.status, 照片: (p) => p.photo, 成员1姓名: (p) => p.guardianName, 成员1是否监护人: (p) => p.guardian, 成员1联系电话: (p) => p.guardianPhone,
};

const FULL = ['全国学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '户口所在地', '现住址', '学校标识码', '年级', '学籍状态', '照片', '成员1姓名', '成员1是否监护人', '成员1联系电话'];

const registryFile = (header: string[], pupils: Required<TestPupil>[]): Rows => [header, ...pupils.map((p) => header.map((h) => VALUE[h](p)))];

interface Run {
  findings: Record<string, string>[];
  summary: { warnings: { kind: string; file?: string; column?: string; count: number; message: string }[]; rules: { code: string; not_judged: { count: number; reason: string | null } }[]; files: { file: string; columns: { mapped: string[]; unused: string[]; unrecognised: { header: string; nearest?: string }[] } }[]; headcount: { schools: { school_code: string; registry: number; onsite: number }[] } | null };
  stdout: string;
  out: string;
}

const SCHOOLS: Rows = [['学校标识码', '学校名称', '学区'], ['S1', '第一小学', '城关'], ['S2', '第二小学', '城北'], ['S3', '城关中学', '城关']];

/** A campaign of the given files (name → rows) under in/, with schools.csv unless given. */
function run(files: Record<string, Rows>, inputs: string[]): Run {
  const dir = tempDir('xueji-silent-');
  mkdirSync(join(dir, 'in'));
  for (const [name, rows] of Object.entries({ 'schools.csv': SCHOOLS, ...files })) writeFileSync(join(dir, 'in', name), csv(rows));
  writeFileSync(join(dir, 'campaign.yaml'), `name: 数据接收测试\nschool_year: 2025\nas_of: 2025-10-28\ninputs:\n  schools: in/schools.csv\n${inputs.map((i) => `  ${i}\n`).join('')}`);
  const out = join(dir, 'out');
  const r = runCli(['run', join(dir, 'campaign.yaml'), '--out', out]);
  if (r.code !== 0) throw new Error(`xueji run failed: ${r.stderr}`);
  return { findings: parseCsv(readFileSync(join(out, 'findings.csv'), 'utf8')), summary: JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')), stdout: r.stdout, out };
}

const rulesOf = (r: Run, rule: string) => r.findings.filter((f) => f.rule === rule);
const notJudged = (r: Run, code: string) => r.summary.rules.find((x) => x.code === code)!.not_judged;
const warningLines = (r: Run) => r.stdout.split('\n').filter((l) => l.startsWith('警告: '));
const indexHtml = (r: Run) => readFileSync(join(r.out, 'report', 'index.html'), 'utf8');

describe('never silent: header mapping', () => {
  it('alias and variant headers (身份证件号, 所在年级, 性别（男/女）, 出生年月日 …) are mapped: no false finding, no warning', () => {
    const pupils = [pupil({ school: 'S1' }), pupil({ school: 'S2', sex: '女' }), pupil({ school: 'S3', grade: '七年级', birth: '2012-12-01' })];
    const variantA = ['全国学籍号', '学生姓名', '性别（男/女）', '出生年月日', '身份证件类型', '身份证件号', '户口所在地', '现住址', '学校标识码', '所在年级', '学籍状态', '照片', '成员1姓名', '成员1是否监护人', '成员1联系电话'];
    const variantB = variantA.map((h) => (h === '性别（男/女）' ? '性别(男/女)' : h === '出生年月日' ? ' 出 生 年 月 日 ' : h));
    const r = run({
      'a.csv': registryFile(variantA, pupils.slice(0, 2)),
      'b.csv': registryFile(variantB, pupils.slice(2)),
      'headcounts.csv': [['学校标识码', '年级', '现场核查学生数'], ['S1', '三年级', 1], ['S3', '七年级', 1]],
    }, ['registry: [in/a.csv, in/b.csv]', 'headcounts: in/headcounts.csv']);
    expect(r.findings).toEqual([]);
    expect(r.summary.warnings).toEqual([]);
    expect(warningLines(r)).toEqual([]);
    for (const file of ['in/a.csv', 'in/b.csv']) {
      const columns = r.summary.files.find((f) => f.file === file)!.columns;
      expect([file, columns.mapped.length, columns.unrecognised]).toEqual([file, 15, []]);
    }
    expect(r.summary.rules.filter((x) => x.not_judged.count > 0)).toEqual([]);
    expect(r.summary.headcount!.schools.map((s) => [s.school_code, s.registry, s.onsite])).toEqual([['S3', 1, 1], ['S1', 1, 1]]);
    expect(indexHtml(r)).toContain('所有列均已识别');
  });

  it('an unrecognised column is a warning with the nearest known header; a file without an ID column gives no ID_MISSING, counted as not judged', () => {
    const header = ['全国学籍号', '姓名', '性别', '出生日期', '身份证件编号', '学校标识码', '年级', '学籍状态', '备注'];
    const pupils = [pupil({ no: 'A1' }), pupil({ no: 'A2', school: 'S2' }), pupil({ no: 'A3', school: 'S3', grade: '七年级', birth: '2012-12-01' })];
    const r = run({ 'a.csv': [header, ...pupils.map((p) => [...registryFile(header.slice(0, -1), [p])[1], '转入'])] }, ['registry: in/a.csv']);
    expect(rulesOf(r, 'ID_MISSING')).toEqual([]);
    expect(rulesOf(r, 'GUARDIAN_MISSING')).toEqual([]);
    expect(notJudged(r, 'ID_MISSING')).toEqual({ count: 3, reason: '文件缺少列 身份证件号码' });
    expect(notJudged(r, 'GUARDIAN_MISSING')).toEqual({ count: 3, reason: '文件缺少列 家庭成员（成员N…列或家庭成员导出）' });
    expect(notJudged(r, 'ID_MISMATCH')).toEqual({ count: 3, reason: '文件缺少列 身份证件号码' });
    expect(notJudged(r, 'AGE_GRADE')).toEqual({ count: 0, reason: null }); // birth date and grade are there
    const unrecognised = r.summary.warnings.filter((w) => w.kind === 'unrecognised_column');
    expect(unrecognised.map((w) => [w.file, w.column, w.count, w.message])).toEqual([
      ['in/a.csv', '身份证件编号', 3, 'in/a.csv: 列“身份证件编号”未识别，该列未载入（可能是：身份证件号码）'],
      ['in/a.csv', '备注', 3, 'in/a.csv: 列“备注”未识别，该列未载入'],
    ]);
    const missing = r.summary.warnings.filter((w) => w.kind === 'missing_column');
    expect(missing.find((w) => w.column === '身份证件号码')!.message).toBe('in/a.csv: 缺少列 身份证件号码，该文件 3 条记录不做 DUPLICATE_SUSPECT、ID_INVALID、ID_MISMATCH、ID_MISSING 判断');
    expect(missing.map((w) => w.column).sort()).toEqual(['家庭成员（成员N…列或家庭成员导出）', '户口所在地或现住址', '照片', '身份证件号码']);
    expect(warningLines(r)).toEqual(r.summary.warnings.map((w) => `警告: ${w.message}`));
    expect(indexHtml(r)).toContain('身份证件编号（可能是：身份证件号码）');
  });
});

describe('never silent: values', () => {
  it('2018-02-30, 十年级, 未知 and an unknown status become one VALUE_UNREADABLE per record naming each column and value; warnings count them without values', () => {
    const r = run({
      'a.csv': registryFile(FULL, [
        pupil({ no: 'BAD_DATE', birth: '2018-02-30', id: '' }),
        pupil({ no: 'BAD_GRADE', grade: '十年级' }),
        pupil({ no: 'BAD_SEX_STATUS', sex: '未知', status: '未知' }),
        pupil({ no: 'OK' }),
      ]),
      'b.csv': registryFile(['全国学籍号', '姓名', '出生年月', '学校标识码', '年级'], [pupil({ no: 'MONTH', birth: '2016-03', school: 'S2' }), pupil({ no: 'FULL', birth: '2016-03-15', school: 'S3' })]),
    }, ['registry: [in/a.csv, in/b.csv]']);
    const details = Object.fromEntries(rulesOf(r, 'VALUE_UNREADABLE').map((f) => [f.student_key, f.detail]));
    expect(details).toEqual({
      BAD_DATE: '出生日期“2018-02-30”不是可识别的日期',
      BAD_GRADE: '年级“十年级”无法识别',
      BAD_SEX_STATUS: '性别“未知”无法识别；学籍状态“未知”无法识别',
      MONTH: '出生日期“2016-03”只有年月，缺少日',
    });
    const unreadable = r.summary.warnings.filter((w) => w.kind === 'unreadable_value').map((w) => [w.file, w.column, w.count]);
    expect(unreadable).toEqual([['in/a.csv', '性别', 1], ['in/a.csv', '出生日期', 1], ['in/a.csv', '年级', 1], ['in/a.csv', '学籍状态', 1], ['in/b.csv', '出生日期', 1]]);
    expect(r.summary.warnings.find((w) => w.file === 'in/b.csv' && w.kind === 'unreadable_value')!.message).toContain('其中 1 个只有年月');
    // Values go to the school's fix-list only: not to the terminal, summary.json's warnings or the log.
    for (const text of [r.stdout, JSON.stringify(r.summary.warnings), readFileSync(join(r.out, 'run.log'), 'utf8'), indexHtml(r)]) {
      for (const value of ['2018-02-30', '十年级', '2016-03"', '“未知”']) expect(text).not.toContain(value);
    }
    // An unreadable status is not counted as 在校 (nor as empty).
    expect(rulesOf(r, 'AGE_GRADE')).toEqual([]);
  });

  it('a CSV birth date "2014" is unreadable, not the Excel serial 2014 (1905-07-06): no ID_MISMATCH, no AGE_GRADE', () => {
    const r = run({ 'a.csv': registryFile(FULL, [pupil({ no: 'DIGITS', birth: '2016-03-15' })].map((p) => ({ ...p, birth: '2014' }))) }, ['registry: in/a.csv']);
    expect(r.findings.map((f) => [f.rule, f.student_key, f.detail])).toEqual([['VALUE_UNREADABLE', 'DIGITS', '出生日期“2014”不是可识别的日期']]);
  });
});

describe('never silent: schools', () => {
  it('ten records at a school not in the list: SCHOOL_UNKNOWN each, a warning, and in no school\'s head count', () => {
    const known = [pupil({ school: 'S1' }), pupil({ school: 'S2' }), pupil({ school: 'S3', grade: '七年级', birth: '2012-12-01' })];
    const unknown = Array.from({ length: 10 }, () => pupil({ school: 'S9' }));
    const r = run({
      'a.csv': registryFile(FULL, [...known, ...unknown]),
      'headcounts.csv': [['学校标识码', '年级', '现场核查学生数'], ['S1', '', 1], ['S9', '', 10]],
    }, ['registry: in/a.csv', 'headcounts: in/headcounts.csv']);
    const found = rulesOf(r, 'SCHOOL_UNKNOWN');
    expect(found.map((f) => f.source_row).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 5)));
    expect(found.every((f) => f.school_code === 'S9' && f.district === '' && f.detail === '学校标识码 S9 不在学校名录中，该学籍不计入任何学校的学籍数')).toBe(true);
    expect(r.summary.warnings.filter((w) => w.kind === 'unknown_school').map((w) => [w.file, w.count, w.message])).toEqual([
      ['in/a.csv', 10, 'in/a.csv: 10 条学籍的学校不在学校名录中（S9），不计入任何学校的学籍数，已列入 SCHOOL_UNKNOWN'],
      ['in/headcounts.csv', 1, 'in/headcounts.csv: 1 行的学校不在学校名录中（S9），不计入任何学校'],
    ]);
    expect(r.summary.headcount!.schools.map((s) => [s.school_code, s.registry]).sort()).toEqual([['S1', 1], ['S9', 0]]);
    expect(indexHtml(r)).toMatch(/不在学校名录中的学校[\s\S]*<td>S9<\/td><td><\/td><td class="num">10<\/td>/);
  });

  it('a school named only by a name two schools of the list share: the warning says so, apart from a name not in the list', () => {
    // 一小（旧名）: S1's second listing and S5's only one, so two codes share it too.
    const schools: Rows = [...SCHOOLS, ['S4', '第一小学', '城北'], ['S1', '一小（旧名）', '城关'], ['S5', '一小（旧名）', '城北']];
    const header = FULL.map((h) => (h === '学校标识码' ? '学校名称' : h));
    const byName = (name: string, p: Required<TestPupil>) => header.map((h) => (h === '学校名称' ? name : VALUE[h](p)));
    const r = run({
      'schools.csv': schools,
      'a.csv': [header, byName('第一小学', pupil({ school: 'S1' })), byName('第一小学', pupil({ school: 'S1' })), byName('无名小学', pupil({ school: 'S1' })), byName('一小（旧名）', pupil({ school: 'S1' })), byName('第二小学', pupil({ school: 'S2' }))],
    }, ['registry: in/a.csv']);
    expect(rulesOf(r, 'SCHOOL_UNKNOWN').map((f) => f.detail).sort()).toEqual([
      '学校名称“一小（旧名）”在学校名录中有多所学校，无法确定是哪一所，该学籍不计入任何学校的学籍数',
      '学校名称“无名小学”不在学校名录中，该学籍不计入任何学校的学籍数',
      '学校名称“第一小学”在学校名录中有多所学校，无法确定是哪一所，该学籍不计入任何学校的学籍数',
      '学校名称“第一小学”在学校名录中有多所学校，无法确定是哪一所，该学籍不计入任何学校的学籍数',
    ]);
    expect(r.summary.warnings.filter((w) => w.kind === 'unknown_school').map((w) => [w.file, w.count, w.message])).toEqual([
      ['in/a.csv', 4, 'in/a.csv: 4 条学籍的学校对不上学校名录中的一所学校（不在名录中：无名小学；名录中有多所同名学校、须填写学校标识码：一小（旧名）、第一小学），不计入任何学校的学籍数，已列入 SCHOOL_UNKNOWN'],
    ]);
    expect(indexHtml(r)).toMatch(/<td>无名小学<\/td><td class="num">1<\/td>[\s\S]*<td>第一小学（名录中有多所同名学校）<\/td><td class="num">2<\/td>/);
  });

  it('one 学区\'s file left out: a school_without_records warning naming the 学区, and the section lists its schools', () => {
    const r = run({ '城关.csv': registryFile(FULL, [pupil({ school: 'S1' }), pupil({ school: 'S3', grade: '七年级', birth: '2012-12-01' })]) }, ['registry: [in/城关.csv]']);
    expect(r.summary.warnings.filter((w) => w.kind === 'school_without_records').map((w) => [w.file, w.count, w.message])).toEqual([
      ['in/schools.csv', 1, '学区“城北”的 1 所学校都没有学籍记录（是否漏交了该学区的学籍文件？）'],
    ]);
    expect(indexHtml(r)).toMatch(/学区“城北”（1 所学校）的学校都没有学籍记录[\s\S]*<td>城北<\/td><td>第二小学<\/td><td>S2<\/td><td>全学区没有学籍记录<\/td>/);
    // A 学区 with a school that sent records and one that did not: the school is named.
    const partly = run({ '城关.csv': registryFile(FULL, [pupil({ school: 'S1' }), pupil({ school: 'S2' })]) }, ['registry: [in/城关.csv]']);
    expect(partly.summary.warnings.filter((w) => w.kind === 'school_without_records').map((w) => w.message)).toEqual(['学区“城关”有 1 所学校没有学籍记录：城关中学（S3）']);
  });
});
