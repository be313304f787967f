/**
 * xlsx output for Excel and WPS: a title row, a frozen header with autofilter, column widths, A4 print
 * setup repeating the header. Text that Excel could take for a formula (= + - @, tab, CR) is stored as
 * a text cell with the text number format, so it reads as typed and is never evaluated.
 */
import ExcelJS from 'exceljs';
import type { CellValue, TableModel } from './attachment-tables.js';
import { fixZipTimestamps } from './zip-timestamps.js';
import { startsLikeFormula } from '../pipeline/csv-writer.js';

export function setCell(cell: ExcelJS.Cell, value: CellValue): void {
  if (value === null || value === undefined) return;
  cell.value = value;
  if (typeof value === 'string' && startsLikeFormula(value)) cell.numFmt = '@';
}

/** Display width of text in Excel columns (CJK characters count double). */
function textWidth(value: CellValue): number {
  const s = value === null ? '' : String(value);
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2.1 : 1.1;
  return w;
}

export interface SheetOptions {
  /** Lines above the header (the first is the title, merged across the table). */
  preamble: string[];
  header: string[];
  rows: { values: CellValue[]; total?: boolean }[];
  ratioColumns?: number[];
  landscape?: boolean;
  maxWidth?: number;
}

/** Adds a sheet laid out like the seed's attachment tables; returns it for extras (validation). */
export function addTableSheet(book: ExcelJS.Workbook, name: string, options: SheetOptions): ExcelJS.Worksheet {
  const width = options.header.length;
  const headerRow = options.preamble.length + 1;
  const sheet = book.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: headerRow, xSplit: 0 }],
    pageSetup: {
      paperSize: 9, orientation: options.landscape ? 'landscape' : 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0,
      printTitlesRow: `${headerRow}:${headerRow}`, horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  options.preamble.forEach((line, i) => {
    const row = sheet.getRow(i + 1);
    setCell(row.getCell(1), line);
    sheet.mergeCells(i + 1, 1, i + 1, width);
    row.getCell(1).alignment = { horizontal: i === 0 ? 'center' : 'left', vertical: 'middle', wrapText: true };
    if (i === 0) { row.getCell(1).font = { bold: true, size: 14 }; row.height = 28; }
  });
  const border: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  const header = sheet.getRow(headerRow);
  options.header.forEach((h, c) => {
    const cell = header.getCell(c + 1);
    setCell(cell, h);
    cell.font = { bold: true };
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    cell.border = border;
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
  });
  options.rows.forEach((r, i) => {
    const row = sheet.getRow(headerRow + 1 + i);
    r.values.forEach((v, c) => {
      const cell = row.getCell(c + 1);
      setCell(cell, v);
      cell.border = border;
      if (options.ratioColumns?.includes(c) && typeof v === 'number') cell.numFmt = '0.000';
      cell.alignment = { vertical: 'middle', wrapText: typeof v === 'string' && v.length > 20 };
      if (r.total) cell.font = { bold: true };
    });
  });
  const maxWidth = options.maxWidth ?? 40;
  options.header.forEach((h, c) => {
    const widest = Math.max(textWidth(h), ...options.rows.map((r) => textWidth(r.values[c] ?? null)));
    sheet.getColumn(c + 1).width = Math.min(maxWidth, Math.max(6, Math.ceil(widest) + 2));
  });
  const lastRow = headerRow + options.rows.filter((r) => !r.total).length;
  sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: Math.max(headerRow, lastRow), column: width } };
  return sheet;
}

export function tableSheet(book: ExcelJS.Workbook, model: TableModel): ExcelJS.Worksheet {
  return addTableSheet(book, model.sheet, { preamble: [model.title], header: model.header, rows: model.rows, ratioColumns: model.ratioColumns });
}

/** A workbook with fixed document dates, so two runs write the same bytes where exceljs allows. */
export function newWorkbook(creator: string, date: string): ExcelJS.Workbook {
  const book = new ExcelJS.Workbook();
  book.creator = creator;
  book.lastModifiedBy = creator;
  book.created = book.modified = new Date(`${date}T00:00:00Z`);
  return book;
}

/** Writes the workbook with every part dated `date`, so the same input gives the same bytes. */
export async function saveWorkbook(book: ExcelJS.Workbook, path: string, date: string): Promise<void> {
  await book.xlsx.writeFile(path);
  await fixZipTimestamps(path, date);
}
