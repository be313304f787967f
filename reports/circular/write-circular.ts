/**
 * report/通报.html and report/通报.docx (the circular, one CircularDocument rendered twice) and
 * report/附件.xlsx (its attachments plus a sheet per problem family).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { attachmentTables, type TableModel } from '../attachment-tables.js';
import { contentSecurityPolicy, render } from '../html.js';
import type { ReportData } from '../report-data.js';
import { tableSheetOptions, writeWorkbook, type SheetOptions } from '../write/workbook-writer.js';
import { circularDocx } from './circular-docx.js';
import { isFigure, type CircularDocument } from './circular-model.js';
import { circularText } from './circular-text.js';
import { followUpSheets } from '../follow-up/follow-up-tables.js';
import { rosterCheckTable } from '../roster/roster-tables.js';

/** One sheet per problem family: counts by school, one column per rule. */
export function familyTables(data: ReportData): TableModel[] {
  const families = [...new Set(data.rules.filter((r) => r.status !== 'skipped').map((r) => r.family))];
  return families.map((family) => {
    const rules = data.rules.filter((r) => r.family === family && r.status !== 'skipped');
    const schools = data.schools.filter((s) => rules.some((r) => s.byRule[r.code]));
    const sum = (s: { byRule: Record<string, number> }) => rules.reduce((n, r) => n + (s.byRule[r.code] ?? 0), 0);
    return {
      title: `${data.campaign.county}${family}问题统计（按学校）`,
      sheet: family.replace(/[[\]:*?/\\]/g, '_').slice(0, 31),
      header: ['序号', '学区', '学校', '学校标识码', ...rules.map((r) => r.title), '合计'],
      rows: [
        ...schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.school_code, ...rules.map((r) => s.byRule[r.code] ?? 0), sum(s)] })),
        { values: ['合计', '', '', '', ...rules.map((r) => r.findings), rules.reduce((n, r) => n + r.findings, 0)], total: true },
      ],
      ratioColumns: [],
      numberColumns: [0, ...rules.map((_, i) => 4 + i), 4 + rules.length],
    };
  });
}

/** 通报.html: the circular for the screen and for printing on A4 from the browser. */
export function circularHtml(doc: CircularDocument): string {
  const tables = doc.tables.map((t) => ({
    ...t,
    widths: t.widths.map((w) => (w * 100).toFixed(2)),
    rows: t.rows.map((r) => ({ total: r.total, cells: r.cells.map((text, i) => ({ text, cls: isFigure(t, i, text) ? 'num' : t.names[i] ? 'name' : '' })) })),
  }));
  return render('circular', { csp: contentSecurityPolicy(), doc, tables });
}

export async function writeCircular(data: ReportData, reportDir: string): Promise<void> {
  const doc = circularText(data);
  await writeFile(join(reportDir, '通报.html'), circularHtml(doc));
  await writeFile(join(reportDir, '通报.docx'), await circularDocx(doc, data.campaign.document?.date ?? data.campaign.asOf));

  const tables = attachmentTables(data, doc.attachments);
  const sheets: { name: string; options: SheetOptions }[] = tables.map((t) => ({ name: t.sheet, options: tableSheetOptions(t) }));
  sheets.push(...followUpSheets(data));
  const roster = rosterCheckTable(data);
  if (roster) sheets.push({ name: roster.sheet, options: { ...tableSheetOptions(roster), landscape: true } });
  const used = new Set(sheets.map((s) => s.name));
  for (const t of familyTables(data)) {
    if (used.has(t.sheet)) continue;
    used.add(t.sheet);
    sheets.push({ name: t.sheet, options: { ...tableSheetOptions(t), landscape: t.header.length > 7 } });
  }
  await writeWorkbook(join(reportDir, '附件.xlsx'), { creator: doc.bureau, date: data.campaign.asOf }, sheets);
}
