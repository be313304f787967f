import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RosterSummary } from '../../../pipeline/check/roster-summary.js';
import type { RuleOutcome } from '../../../pipeline/check/rule-runner.js';
import type { ReportData } from '../../../reports/report-data.js';
import { rosterCheckTable, vacantRegistrationTable, VACANT_HEADER } from '../../../reports/roster/roster-tables.js';
import { isRosterRule, rosterProblemParagraph, rosterSituation } from '../../../reports/roster/roster-text.js';
import { parse } from 'yaml';

/** A rule's `requires:` as its file in rules/ says. */
const ruleFile = (code: string): { code: string; requires: string[] } => parse(readFileSync(`rules/${code}.yaml`, 'utf8'));
import { runCli } from '../../helpers/cli.js';
import { parseCsv } from '../../helpers/findings-compare.js';
import { tempDir } from '../../helpers/workbook.js';

const counts = (registry: number, roster: number, matched: number, rna: number, au: number, ae: number) =>
  ({ registry, roster, matched, registered_not_attending: rna, attending_unregistered: au, attending_elsewhere: ae });

const roster: RosterSummary = {
  schools: [
    { district: '城关', school_code: 'S1', school_name: '城关中心小学', ...counts(100, 98, 95, 5, 1, 2) },
    { district: '城关', school_code: 'S2', school_name: '杜竹园小学', ...counts(50, 50, 47, 3, 3, 0) },
    { district: '城北', school_code: 'S3', school_name: '城北中学', ...counts(40, 40, 40, 0, 0, 0) },
  ],
  total: counts(190, 188, 182, 8, 4, 2),
};
const rule = (code: string, findings: number) => ({ code, title: code, family: '人籍一致', severity: 'error', requires: ['registry', 'roster'], fix: '', basis: '', showId: true, status: 'fail', findings }) as RuleOutcome;
const data = {
  campaign: { name: '利辛县2025年秋季学期中小学学籍核查', county: '利辛县', bureau: '利辛县教育局', asOf: '2025-10-28', schoolYear: 2025 },
  rules: [rule('REGISTERED_NOT_ATTENDING', 8), rule('ATTENDING_UNREGISTERED', 4), rule('ATTENDING_ELSEWHERE', 2)],
  roster,
} as unknown as ReportData;

describe('roster report builders (pure)', () => {
  it('人籍核对: one row per school that sent a roster, the six counts, then 合计', () => {
    const t = rosterCheckTable(data)!;
    expect(t.sheet).toBe('人籍核对');
    expect(t.header.slice(4, 10)).toEqual(['学籍系统学生数', '花名册人数', '人籍一致', '空挂学籍', '在读无学籍', '人籍分离']);
    expect(t.rows.map((r) => r.values)).toEqual([
      [1, '城关', '城关中心小学', 'S1', 100, 98, 95, 5, 1, 2, ''],
      [2, '城关', '杜竹园小学', 'S2', 50, 50, 47, 3, 3, 0, ''],
      [3, '城北', '城北中学', 'S3', 40, 40, 40, 0, 0, 0, ''],
      ['合计', '', '', '', 190, 188, 182, 8, 4, 2, ''],
    ]);
    expect(rosterCheckTable({ ...data, roster: null })).toBeNull();
  });

  it('一、基本情况 gets one sentence of totals; without a roster none', () => {
    expect(rosterSituation(data)).toEqual({ text: '3所学校报送了在校生花名册，花名册学生188人，这些学校电子学籍中在校学生190人。逐人比对，人籍一致182人，占花名册学生的96.81%；空挂学籍8人，在读无学籍4人，人籍分离2人。' });
    expect(rosterSituation({ ...data, roster: null })).toBeNull();
  });

  it('三、存在问题 names the schools with most pupils out of agreement first, and no school without any', () => {
    expect(['REGISTERED_NOT_ATTENDING', 'ATTENDING_UNREGISTERED', 'ATTENDING_ELSEWHERE', 'DUPLICATE_ID'].map((code) => isRosterRule(ruleFile(code)))).toEqual([true, true, true, false]);
    // A campaign's own rule that reads the roster is reported in its family, not dropped from both.
    expect(isRosterRule({ ...ruleFile('ATTENDING_ELSEWHERE'), code: 'LOCAL_ROSTER_CHECK' })).toBe(false);
    expect(rosterProblemParagraph(data)).toEqual({
      lead: '人籍不一致问题14人。',
      text: '其中空挂学籍8人、在读无学籍4人、人籍分离2人，涉及2所学校：城关中心小学（空挂学籍5人、在读无学籍1人、人籍分离2人）、城关学区杜竹园小学（空挂学籍3人、在读无学籍3人）。',
    });
  });

  it('the fix-list\'s 空挂学籍 table has seed 000 附表2\'s columns, 现就读学校名称 and 备注 left to fill in', () => {
    const t = vacantRegistrationTable('利辛县', '城关中心小学', [{ student_no: 'G1', class_name: '3年级(1)班', name: '张三', sex: '男', id_number: '1', address: '城关镇', guardian: '张父', phone: '13800000000' }]);
    expect(t.header).toEqual(VACANT_HEADER);
    expect(t.rows[0].values).toEqual([1, '利辛县', '城关中心小学', 'G1', '3年级(1)班', '张三', '男', '', '1', '城关镇', '张父', '13800000000', '']);
  });
});

describe('roster reports of the sample campaign', () => {
  const SAMPLE = fileURLToPath(new URL('../../../data-samples/sample/campaign.yaml', import.meta.url));
  const out = join(tempDir('xueji-roster-reports-'), 'out');
  let findings: Record<string, string>[];
  let summary: { roster: RosterSummary };
  beforeAll(() => {
    expect(runCli(['run', SAMPLE, '--out', out]).code).toBe(0);
    findings = parseCsv(readFileSync(join(out, 'findings.csv'), 'utf8'));
    summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  });

  it('附件.xlsx has the sheet 人籍核对 after the 学区 and 学校 sheets, its 合计 equal to summary.json roster', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(out, 'report', '附件.xlsx'));
    expect(book.worksheets.slice(0, 3).map((s) => s.name)).toEqual(['学区', '学校', '人籍核对']);
    const sheet = book.getWorksheet('人籍核对')!;
    const last = sheet.getRow(sheet.rowCount).values as unknown[];
    const t = summary.roster.total;
    expect(last.slice(1)).toEqual(['合计', undefined, undefined, undefined, t.registry, t.roster, t.matched, t.registered_not_attending, t.attending_unregistered, t.attending_elsewhere]);
    expect(sheet.rowCount).toBe(2 + summary.roster.schools.length + 1);
  });

  it('each fix-list lists its school\'s 空挂学籍 in a sheet and an HTML section, one row per finding', async () => {
    const schools = readdirSync(join(out, 'schools'));
    let seen = 0;
    for (const folder of schools) {
      const code = folder.split('_')[0];
      const vacant = findings.filter((f) => f.rule === 'REGISTERED_NOT_ATTENDING' && f.school_code === code);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(out, 'schools', folder, '整改清单.xlsx'));
      const sheet = book.getWorksheet('空挂学籍');
      const html = readFileSync(join(out, 'schools', folder, '整改清单.html'), 'utf8');
      if (!vacant.length) {
        expect([folder, sheet]).toEqual([folder, undefined]);
        expect(html).not.toContain('未在本校就读学生统计表');
        continue;
      }
      seen++;
      expect(sheet!.getRow(2).values).toEqual([undefined, ...VACANT_HEADER]);
      const nos = Array.from({ length: sheet!.rowCount - 2 }, (_, i) => String(sheet!.getRow(3 + i).getCell(4).value));
      expect(nos.sort()).toEqual(vacant.map((f) => f.student_key).sort());
      expect(html).toContain('未在本校就读学生统计表（空挂学籍）');
    }
    expect(seen).toBeGreaterThan(1);
  });

  it('the circular reports 人籍一致 in 一、基本情况 and names schools in 三、存在问题, with no pupil in it', () => {
    const html = readFileSync(join(out, 'report', '通报.html'), 'utf8');
    const t = summary.roster.total;
    expect(html).toContain(`${summary.roster.schools.length}所学校报送了在校生花名册，花名册学生${t.roster}人`);
    expect(html).toMatch(/人籍不一致问题\d+人。<\/span>其中空挂学籍/);
    for (const f of findings.filter((x) => x.rule.includes('ATTENDING') && x.student_name.length >= 3)) expect(html).not.toContain(f.student_name);
  });
});
