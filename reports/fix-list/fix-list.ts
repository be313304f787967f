/**
 * schools/<学校标识码>_<学校名称>/整改清单.html and .xlsx for one school with findings, both from the
 * fix-list model (fix-list-model.ts): the HTML for paper (A4 landscape, a handful of pages for a
 * hundred findings), the workbook for working in and returning: sheet 整改清单 with the rows and the
 * answer columns (问题编号, 整改情况 as a dropdown, 说明: the header names a returned list is read back
 * by), sheet 问题汇总 with each problem's 整改要求 and 依据.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chineseDate } from '../chinese-format.js';
import { ANSWER_HEADER, ANSWERS, ID_HEADER, NOTE_HEADER } from '../../pipeline/follow/return-sheet.js';
import { entryCells, fixListModel, type FixListColumn, type FixListContext, type FixListEntry, type FixListModel } from './fix-list-model.js';
import { contentSecurityPolicy, escapeHtml, render } from '../html.js';
import type { FixListRow, SchoolRow } from '../report-data.js';
import { tableSheetOptions, writeWorkbook, type SheetOptions } from '../write/workbook-writer.js';
import { htmlTable } from '../attachment-tables.js';
import { vacantRegistrationTable, type VacantRegistration } from '../roster/roster-tables.js';

export type { FixListContext };

/** `vacant`: the school's 空挂学籍 (with a roster), listed again in seed 000 附表2's columns after the rows. */
export async function writeFixList(context: FixListContext, school: SchoolRow, findings: FixListRow[], dir: string, vacant: VacantRegistration[] = []): Promise<void> {
  const model = fixListModel(context, findings);
  const vacantTable = vacant.length ? vacantRegistrationTable(context.campaign.county, school.school_name, vacant) : null;
  const deadline = context.campaign.deadline ? chineseDate(context.campaign.deadline) : '按通报要求';
  // Sync: each worker writes one school after another; an await per small file only adds idle time.
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '整改清单.html'), render('fix-list', {
    csp: contentSecurityPolicy(), school, campaign: context.campaign, asOf: chineseDate(context.campaign.asOf), deadline,
    summary: model.summary, total: model.total, falseClaims: model.falseClaims, privacyNote: model.privacyNote, followUpNote: model.followUpNote,
    groupTable: table(model.entries.filter((e) => e.group), model.groupColumns),
    studentTable: table(model.entries.filter((e) => !e.group), model.columns),
    vacant: vacantTable && htmlTable(vacantTable),
  }));
  await writeWorkbook(join(dir, '整改清单.xlsx'), { creator: context.campaign.bureau, date: context.campaign.asOf }, [
    { name: '整改清单', options: listSheet(model, school, context, deadline) },
    { name: '问题汇总', options: summarySheet(model, school) },
    ...(vacantTable ? [{ name: vacantTable.sheet, options: { ...tableSheetOptions(vacantTable), landscape: true, maxWidth: 36 } }] : []),
  ]);
}

/** The rows to work on: school-level problems first, then the pupils', one table; the school fills in the last two columns. */
function listSheet(model: FixListModel, school: SchoolRow, context: FixListContext, deadline: string): SheetOptions {
  const header = model.columns.map((c) => c.header);
  const values = model.entries.map((e) => entryCells(e, model.columns).map((v, c) => (c === 0 ? Number(v) : v)));
  const counts = model.summary.map((s) => `${s.title} ${s.count} 条`).join('，');
  return {
    preamble: [
      `${school.school_name}学籍核查整改清单`,
      `学校标识码：${school.school_code}    学区：${school.district}    核查：${context.campaign.name}    整改期限：${deadline}`,
      `共 ${model.total} 条问题：${counts}。各问题的整改要求和依据见“问题汇总”工作表。${model.falseClaims ? `其中整改不实 ${model.falseClaims} 条，列在最前。` : ''}`,
      `填写：在“${ANSWER_HEADER}”列下拉选择 ${ANSWERS.join(' / ')}；选无需整改或无法整改的，在“${NOTE_HEADER}”列写明原因。请勿改动“${ID_HEADER}”，可以排序、筛选。${model.followUpNote}`,
      model.privacyNote,
    ],
    header,
    rows: values.map((v) => ({ values: v })),
    landscape: true,
    widths: model.columns.map((c) => c.width),
    textColumns: [header.indexOf(ANSWER_HEADER), header.indexOf(NOTE_HEADER)],
    choice: { column: header.indexOf(ANSWER_HEADER), values: ANSWERS, title: ANSWER_HEADER, error: `请从下拉列表中选择：${ANSWERS.join(' / ')}` },
  };
}

function summarySheet(model: FixListModel, school: SchoolRow): SheetOptions {
  const withFalse = model.falseClaims > 0;
  return {
    preamble: [`${school.school_name}学籍核查问题汇总`],
    header: ['问题', '条数', ...(withFalse ? ['其中整改不实'] : []), '整改要求', '依据'],
    rows: [
      ...model.summary.map((s) => ({ values: [s.title, s.count, ...(withFalse ? [s.falseClaims] : []), s.fix, s.basis] })),
      { values: ['合计', model.total, ...(withFalse ? [model.falseClaims] : []), '', ''], total: true },
    ],
    widths: [24, 6, ...(withFalse ? [8] : []), 50, 50],
    landscape: true,
  };
}

/** Width of an A4 landscape page inside the print margins, in mm. */
const PAGE_MM = 273;

/** Columns printed in one word, never broken (codes and numbers). */
const CODE_COLUMNS = new Set(['学籍号', '身份证件号码', ID_HEADER]);

/** A row's cells as HTML (escaped here: one string per row keeps the template's work per row, not per cell). */
interface HtmlTable { columns: { header: string; mm: number }[]; rows: { falseClaim: boolean; cells: string }[] }

/**
 * A table for the HTML: the columns with their printed widths (问题说明 takes what the others leave),
 * and the rows. On paper the ID number goes under the 学籍号 in one column, leaving the width to the
 * problem's description.
 */
function table(entries: FixListEntry[], all: FixListColumn[]): HtmlTable | null {
  if (!entries.length) return null;
  const stacked = all.some((c) => c.header === '身份证件号码');
  const columns = all.filter((c) => c.header !== '身份证件号码');
  const fixed = columns.reduce((w, c) => w + c.mm, 0);
  return {
    columns: columns.map((c) => ({ header: stacked && c.header === '学籍号' ? '学籍号 / 身份证件号码' : c.header, mm: c.mm || PAGE_MM - fixed })),
    rows: entries.map((e) => ({
      falseClaim: e.falseClaim,
      cells: columns.map((c) => {
        const text = e.cells[c.header] ?? '';
        const lines = stacked && c.header === '学籍号' ? [text, e.cells['身份证件号码']].filter(Boolean) : [text];
        const cls = CODE_COLUMNS.has(c.header) ? ' class="code"' : c.header === '序号' ? ' class="num"' : '';
        return `<td${cls}>${lines.map((l) => `<span>${escapeHtml(l)}</span>`).join('')}</td>`;
      }).join(''),
    })),
  };
}
