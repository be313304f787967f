/**
 * Writes one table as a real export would look: optional title rows (merged across the header in
 * xlsx), the header, data rows, optional repeated headers and blank rows. Returns the row number a
 * person sees for each data row. CSV can be written in GB18030 like the exports of older tools.
 */
import { writeFile } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { fixZipTimestamps } from './zip-timestamps.js';

export type Cell = string | number | null;

export interface SheetLayout {
  titleRows?: string[];
  blankAfterTitle?: boolean;
  repeatHeaderEvery?: number;
  blankEvery?: number;
}

/** The rows the file will hold, and the sheet row number of each data row. */
function layOut(rows: Cell[][], layout: SheetLayout): { lines: (Cell[] | 'title' | 'blank' | 'header')[]; rowNumbers: number[] } {
  const lines: (Cell[] | 'title' | 'blank' | 'header')[] = [];
  for (const _ of layout.titleRows ?? []) lines.push('title');
  if (layout.blankAfterTitle) lines.push('blank');
  lines.push('header');
  const rowNumbers: number[] = [];
  rows.forEach((row, i) => {
    if (i > 0 && layout.repeatHeaderEvery && i % layout.repeatHeaderEvery === 0) lines.push('header');
    if (i > 0 && layout.blankEvery && i % layout.blankEvery === 0) lines.push('blank');
    lines.push(row);
    rowNumbers.push(lines.length);
  });
  return { lines, rowNumbers };
}

export async function writeXlsx(path: string, header: string[], rows: Cell[][], layout: SheetLayout = {}): Promise<number[]> {
  const { lines, rowNumbers } = layOut(rows, layout);
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  // Fixed document dates: the same seed gives the same files.
  book.created = book.modified = new Date(Date.UTC(2025, 9, 20));
  const sheet = book.addWorksheet('Sheet1');
  let title = 0;
  lines.forEach((line, i) => {
    const r = i + 1;
    if (line === 'title') {
      sheet.getRow(r).getCell(1).value = layout.titleRows![title++];
      sheet.mergeCells(r, 1, r, header.length);
      sheet.getRow(r).commit();
    } else if (line === 'blank') {
      sheet.getRow(r).commit();
    } else {
      const values = line === 'header' ? header : line;
      const row = sheet.getRow(r);
      values.forEach((v, c) => { if (v !== null && v !== '') row.getCell(c + 1).value = v; });
      row.commit();
    }
  });
  sheet.commit();
  await book.commit();
  await fixZipTimestamps(path, '2025-10-20');
  return rowNumbers;
}

function csvCell(v: Cell): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function writeCsv(path: string, header: string[], rows: Cell[][], encoding: 'utf-8' | 'gb18030', layout: SheetLayout = {}): Promise<number[]> {
  const { lines, rowNumbers } = layOut(rows, layout);
  let title = 0;
  const text = lines
    .map((line) => line === 'title' ? csvCell(layout.titleRows![title++]) : line === 'blank' ? '' : (line === 'header' ? header : line).map(csvCell).join(','))
    .join('\r\n') + '\r\n';
  await writeFile(path, encoding === 'utf-8' ? text : iconv.encode(text, 'gb18030'));
  return rowNumbers;
}
