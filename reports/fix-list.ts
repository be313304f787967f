/**
 * schools/<学校标识码>_<学校名称>/整改清单.xlsx and .html for one school with findings: the school's
 * header, counts per problem, one row per finding, and empty answer columns 整改情况 (a dropdown) and 说明
 * for the school to fill in and return. Only that school's pupils; ID numbers in full only for
 * problems the school cannot fix without them (show_id in the rule file), masked elsewhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chineseDate, gradeName } from './chinese-format.js';
import { contentSecurityPolicy, render } from './html.js';
import type { FixListRow, ReportData, SchoolRow } from './report-data.js';
import { tableSheetOptions, writeWorkbook } from './write/workbook-writer.js';
import { htmlTable } from './attachment-tables.js';
import { vacantRegistrationTable, type VacantRegistration } from './roster-tables.js';

export const FIX_LIST_HEADER = ['序号', '学籍号', '姓名', '年级', '班级', '身份证件号码', '问题', '问题说明', '整改要求', '依据', '整改期限', '整改情况', '说明'];
export const ANSWERS = ['已整改', '无需整改', '无法整改'];

/** 341623201403020011 → 341623********0011 */
export function maskId(id: string | null): string {
  if (!id) return '';
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length);
}

/** A 全国学籍号 is "G" + the ID number: masked the same way; temporary L-numbers are not IDs and stay. */
export function maskStudentNo(no: string | null): string {
  if (!no) return '';
  return /^G[\dX]{17,18}$/i.test(no) ? `G${maskId(no.slice(1))}` : no;
}

/** What every fix-list shares: the campaign and the rules' titles, fixes and bases. */
export type FixListContext = Pick<ReportData, 'campaign' | 'rules'>;

export async function writeFixList(data: FixListContext, school: SchoolRow, findings: FixListRow[], dir: string, vacant: VacantRegistration[] = []): Promise<void> {
  const rules = new Map(data.rules.map((r) => [r.code, r]));
  const deadline = data.campaign.deadline ? chineseDate(data.campaign.deadline) : '按通报要求';
  const rows = findings.map((f, i) => {
    const rule = rules.get(f.rule);
    const full = rule?.showId === true;
    return [i + 1, full ? (f.student_no ?? '') : maskStudentNo(f.student_no), f.student_name ?? '', gradeName(f.grade), f.class_name ?? '', full ? (f.id_number ?? '') : maskId(f.id_number),
      f.title, f.detail, rule?.fix ?? '', rule?.basis ?? '', deadline];
  });
  const summary = data.rules.filter((r) => school.byRule[r.code]).map((r) => ({ title: r.title, n: school.byRule[r.code], fix: r.fix }));
  const vacantTable = vacant.length ? vacantRegistrationTable(data.campaign.county, school.school_name, vacant) : null;

  // Sync: each worker writes one school after another; an await per small file only adds idle time.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '整改清单.html'), render('fix-list', { csp: contentSecurityPolicy(), school, campaign: data.campaign, deadline, summary, total: findings.length, rows, vacant: vacantTable && htmlTable(vacantTable) }));

  const preamble = [
    `${school.school_name}学籍核查整改清单`,
    `学校标识码：${school.school_code}    学区：${school.district}    整改期限：${deadline}`,
    `问题汇总：${summary.map((s) => `${s.title} ${s.n} 条`).join('；')}；合计 ${findings.length} 条`,
  ];
  await writeWorkbook(join(dir, '整改清单.xlsx'), { creator: data.campaign.bureau, date: data.campaign.asOf }, [{
    name: '整改清单',
    options: {
      preamble, header: FIX_LIST_HEADER, rows: rows.map((values) => ({ values: [...values, '', ''] })), landscape: true, maxWidth: 36,
      choice: { column: FIX_LIST_HEADER.indexOf('整改情况'), values: ANSWERS, title: '整改情况', error: `请从下拉列表中选择：${ANSWERS.join(' / ')}` },
    },
  }, ...(vacantTable ? [{ name: vacantTable.sheet, options: { ...tableSheetOptions(vacantTable), landscape: true, maxWidth: 36 } }] : [])]);
}
