/**
 * Writes a RosterPlan as files: roster/*.xlsx (per school or per 学区, title rows, alias headers, dates
 * and grades in several forms), zz/*.xlsx (中职新生名单), registry/学籍异动学生.xlsx (records not 在校) and
 * prev/上学年休学学生.xlsx. Sets the file and row of every row, for expected-findings.csv.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { dateCell, gradeText, registryHeader, registryRow } from './campaign-files.js';
import { STYLES, type RegistryStyle } from './model.js';
import type { RosterFile, RosterPlan, RosterRow } from './roster-plan.js';
import { writeXlsx, type Cell, type SheetLayout } from './sheet-file.js';
import type { VocationalFile, VocationalRow } from './vocational-plan.js';

const date = (iso: string, style: RegistryStyle['key']): Cell => (iso ? dateCell(iso, style) : '');

/** Header, layout and cells of each roster style. */
const ROSTER_STYLES: Record<RosterFile['style'], { header: string[]; layout: (title: string, year: number) => SheetLayout; cells: (r: RosterRow, i: number) => Cell[] }> = {
  // One school's list, typed by its office: 序号, school by name, dates as 2015.03.04.
  R1: {
    header: ['序号', '学校名称', '年级', '班级', '姓名', '性别', '出生日期', '身份证号', '学籍号'],
    layout: (title, year) => ({ titleRows: [`${title}${year}年秋季学期在校生花名册`] }),
    cells: (r, i) => [i + 1, r.school.name, gradeText(r.grade, 'A'), r.className, r.name, r.sex, r.birth.replace(/-/g, '.'), r.id, r.studentNo],
  },
  // A 学区's list of its schools, from ID cards: no 出生日期, 初一 / 高中一年级, 性别（男/女）.
  R2: {
    header: ['学校代码', '学校', '年级', '班级', '学生姓名', '性别（男/女）', '身份证件号码', '全国学籍号'],
    layout: (title, year) => ({ titleRows: [`${title}学区${year}年秋季在校生花名册`, `填报单位：${title}中心学校    填报日期：${year}年10月`], blankAfterTitle: true }),
    cells: (r) => [r.school.code, r.school.name, gradeText(r.grade, 'C'), r.className.replace(/^\d+年级/, ''), r.name, r.sex, r.id, r.studentNo],
  },
  // Exported by a school's own software: national grade codes, 年月日 dates, the header on every page.
  R3: {
    header: ['学校标识码', '年级', '班级', '姓名', '性别', '出生日期', '证件号码', '学籍号'],
    layout: () => ({ repeatHeaderEvery: 60 }),
    cells: (r) => [r.school.code, gradeText(r.grade, 'B'), r.className, r.name, r.sex, date(r.birth, 'D'), r.id, r.studentNo],
  },
};

const VOCATIONAL_STYLES: Record<VocationalFile['style'], { header: string[]; layout: (school: string, year: number) => SheetLayout; cells: (r: VocationalRow, i: number) => Cell[] }> = {
  V1: {
    header: ['学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '中职学校'],
    layout: (school, year) => ({ titleRows: [`${school}${year}级新生名单`] }),
    cells: (r) => [r.studentNo, r.name, r.sex, r.birth, '居民身份证', r.id, r.school],
  },
  V2: {
    header: ['序号', '全国学籍号', '姓名', '性别', '出生日期', '身份证件类型', '身份证号', '学校名称'],
    layout: () => ({}),
    cells: (r, i) => [i + 1, r.studentNo, r.name, r.sex, date(r.birth, 'C'), '居民身份证', r.id, r.school],
  },
};

const assign = <T extends { file?: string; row?: number }>(rows: T[], file: string, numbers: number[]) => rows.forEach((r, i) => { r.file = file; r.row = numbers[i]; });

export async function writeRosterFiles(plan: RosterPlan, dir: string, year: number): Promise<void> {
  for (const sub of ['roster', 'zz', 'registry', 'prev']) await mkdir(join(dir, sub), { recursive: true });
  for (const f of plan.files) {
    const style = ROSTER_STYLES[f.style];
    assign(f.rows, f.path, await writeXlsx(join(dir, f.path), style.header, f.rows.map(style.cells), style.layout(f.title, year)));
  }
  for (const f of plan.vocational) {
    const style = VOCATIONAL_STYLES[f.style];
    assign(f.rows, f.path, await writeXlsx(join(dir, f.path), style.header, f.rows.map(style.cells), style.layout(f.school, year)));
  }
  const current = STYLES[0];
  const changes = 'registry/学籍异动学生.xlsx';
  assign(plan.statusChanges, changes, await writeXlsx(join(dir, changes), registryHeader(current), plan.statusChanges.map((p, j) => registryRow(p, current, j, true)), { titleRows: ['学籍异动学生（休学、退学、转出）'] }));
  const previous: RegistryStyle = { ...current, family: 'file' };
  const leave = 'prev/上学年休学学生.xlsx';
  assign(plan.previousLeave, leave, await writeXlsx(join(dir, leave), registryHeader(previous), plan.previousLeave.map((p, j) => registryRow(p, previous, j, false)), { titleRows: [`${year - 1}学年休学学生`] }));
}
