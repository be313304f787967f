/**
 * xlsx output for Excel and WPS, written as OOXML directly (exceljs took ~30 ms per small workbook,
 * most of a city's report time over ~800 fix-lists; this writes one in about a millisecond).
 * Every sheet is laid out like the seed's attachment tables: a title row merged across the table,
 * further preamble lines (each row tall enough for its wrapped text: neither Excel nor WPS grows a
 * merged row), a frozen bold header with autofilter, thin borders, column widths from the content
 * unless given, A4 print setup repeating the header row and numbering the pages. Text is always a
 * shared string, never a formula; text that Excel could take for one when edited (= + - @, tab, CR)
 * also gets the text number format, as do the cells of columns a person fills in (textColumns).
 */
import { writeFileSync } from 'node:fs';
import { startsLikeFormula } from './csv-writer.js';
import { MAIN_NS, PAGE_FOOTER, REL_NS, SharedStrings, Styles, XML_HEAD, columnName, packageParts, xmlText, type WorkbookInfo } from './workbook-parts.js';
import { zipParts } from './zip-writer.js';
import { printWidth } from '../text-width.js';

export type { WorkbookInfo };

/** A table as the documents lay it out; HTML and xlsx render the same model. */
export type CellValue = string | number | null;

export interface TableModel {
  title: string;
  /** Sheet name in 附件.xlsx. */
  sheet: string;
  header: string[];
  rows: { values: CellValue[]; total?: boolean }[];
  /** Columns holding ratios (3 decimals) and whole numbers. */
  ratioColumns: number[];
  numberColumns: number[];
}

export interface SheetOptions {
  /** Lines above the header (the first is the title, merged across the table). */
  preamble: string[];
  header: string[];
  rows: { values: CellValue[]; total?: boolean }[];
  ratioColumns?: number[];
  landscape?: boolean;
  maxWidth?: number;
  /** A fixed width (in characters) for some columns; the others are as wide as their text. */
  widths?: (number | undefined)[];
  /** Columns a person fills in: their body cells, empty ones too, take what is typed as text. */
  textColumns?: number[];
  /** A dropdown in one column of every body row (0-based column). */
  choice?: { column: number; values: readonly string[]; title: string; error: string };
}

export function tableSheetOptions(model: TableModel): SheetOptions {
  return { preamble: [model.title], header: model.header, rows: model.rows, ratioColumns: model.ratioColumns };
}

/** Writes a workbook of table sheets, in order. Same input, same bytes. */
export async function writeWorkbook(path: string, info: WorkbookInfo, sheets: { name: string; options: SheetOptions }[]): Promise<void> {
  const strings = new SharedStrings();
  const styles = new Styles();
  const sheetXml = sheets.map((s) => sheetPart(s.options, strings, styles));
  const entries = sheets.map((s) => {
    const headerRow = s.options.preamble.length + 1;
    return { name: s.name, headerRow, lastColumn: s.options.header.length - 1, filterTo: headerRow + s.options.rows.filter((r) => !r.total).length };
  });
  const parts = [
    ...packageParts(info, entries, styles, strings),
    ...sheetXml.map((data, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data })),
  ];
  writeFileSync(path, zipParts(parts, info.date));
}

/** Display width of text in Excel columns (CJK characters count double). */
function textWidth(value: CellValue | undefined): number {
  return value === null || value === undefined ? 0 : printWidth(String(value), 2.1, 1.1);
}

/** Points per line of 11-point text. */
const LINE_HEIGHT = 14.5;

/** Each column its fixed width, or wide enough for its widest text (cellWidths[row][col]), within [6, maxWidth] character widths. */
function columnWidths(options: SheetOptions, cellWidths: number[][]): number[] {
  const maxWidth = options.maxWidth ?? 40;
  return options.header.map((h, c) => {
    const fixed = options.widths?.[c];
    if (fixed !== undefined) return fixed;
    let widest = textWidth(h);
    for (const w of cellWidths) widest = Math.max(widest, w[c]);
    return Math.min(maxWidth, Math.max(6, Math.ceil(widest) + 2));
  });
}

/** A preamble row's height: the title's line at 14 points, each further line as many 11-point lines as its text wraps to across the table. */
function preambleHeight(line: string, title: boolean, tableWidth: number): number {
  const lines = Math.max(1, Math.ceil((textWidth(line) * (title ? 14 / 11 : 1)) / (tableWidth - 1)));
  return title ? Math.max(28, lines * 20 + 6) : lines * LINE_HEIGHT + 3;
}

function sheetPart(options: SheetOptions, strings: SharedStrings, styles: Styles): string {
  const width = options.header.length;
  const headerRow = options.preamble.length + 1;
  const lastColumn = columnName(width - 1);
  // Each cell's text width, measured once: it sets the column widths, then which cells wrap.
  const ratios = new Set(options.ratioColumns);
  const cellWidths = options.rows.map((r) => options.header.map((_, c) => {
    const v = r.values[c];
    return textWidth(typeof v === 'number' && ratios.has(c) ? v.toFixed(3) : v); // a ratio shows 3 decimals
  }));
  const widths = columnWidths(options, cellWidths);
  const tableWidth = widths.reduce((a, b) => a + b, 0);
  const textColumns = new Set(options.textColumns);
  const rows: string[] = [];
  options.preamble.forEach((line, i) => {
    const style = styles.id({ title: i === 0, align: i === 0 ? 'center' : 'left', wrap: true, text: startsLikeFormula(line) });
    // The cells the line is merged over carry its style too, as Excel writes them.
    const cells = [cell(0, i + 1, line, style, strings)];
    for (let c = 1; c < width; c++) cells.push(cell(c, i + 1, null, style, strings));
    const height = preambleHeight(line, i === 0, tableWidth);
    const custom = i === 0 || height > LINE_HEIGHT + 3 ? ` ht="${height.toFixed(1)}" customHeight="1"` : '';
    rows.push(`<row r="${i + 1}"${custom}>${cells.join('')}</row>`);
  });
  const header = options.header.map((h, c) => cell(c, headerRow, h, styles.id({ header: true, align: 'center', wrap: true, border: true, text: startsLikeFormula(h) }), strings));
  rows.push(`<row r="${headerRow}">${header.join('')}</row>`);
  options.rows.forEach((r, i) => {
    const rowNumber = headerRow + 1 + i;
    const cells: string[] = [];
    let lines = 1;
    for (let c = 0; c < width; c++) {
      const v = r.values[c] ?? null;
      // Text wider than its column wraps, and the row is made tall enough to show it all (neither
      // Excel nor WPS grows a row on opening the file).
      const cellLines = typeof v === 'string' ? Math.ceil(cellWidths[i][c] / (widths[c] - 1)) : 1;
      lines = Math.max(lines, cellLines);
      const style = styles.id({
        bold: r.total, border: true, wrap: cellLines > 1 || textColumns.has(c),
        text: textColumns.has(c) || (typeof v === 'string' && startsLikeFormula(v)), ratio: typeof v === 'number' && ratios.has(c),
      });
      cells.push(cell(c, rowNumber, v, style, strings));
    }
    const height = lines > 1 ? ` ht="${(lines * LINE_HEIGHT + 2).toFixed(1)}" customHeight="1"` : '';
    rows.push(`<row r="${rowNumber}"${height}>${cells.join('')}</row>`);
  });
  const cols = widths.map((w, c) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`);
  const lastRow = headerRow + options.rows.length;
  const filterTo = headerRow + options.rows.filter((r) => !r.total).length;
  const merges = options.preamble.map((_, i) => `<mergeCell ref="A${i + 1}:${lastColumn}${i + 1}"/>`);
  const choice = options.choice && options.rows.length
    ? `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="${xmlText(options.choice.title)}" error="${xmlText(options.choice.error)}" sqref="${columnName(options.choice.column)}${headerRow + 1}:${columnName(options.choice.column)}${lastRow}"><formula1>${xmlText(`"${options.choice.values.join(',')}"`)}</formula1></dataValidation></dataValidations>`
    : '';
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`
    + '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
    + `<dimension ref="A1:${lastColumn}${lastRow}"/>`
    + `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`
    + '<sheetFormatPr defaultRowHeight="15"/>'
    + `<cols>${cols.join('')}</cols>`
    + `<sheetData>${rows.join('')}</sheetData>`
    + `<autoFilter ref="A${headerRow}:${lastColumn}${filterTo}"/>`
    + (merges.length ? `<mergeCells count="${merges.length}">${merges.join('')}</mergeCells>` : '')
    + choice
    + '<printOptions horizontalCentered="1"/>'
    + '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
    + `<pageSetup paperSize="9" orientation="${options.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>`
    + PAGE_FOOTER
    + '</worksheet>';
}

function cell(col: number, row: number, value: CellValue, style: number, strings: SharedStrings): string {
  const ref = `${columnName(col)}${row}`;
  if (value === null || value === '') return `<c r="${ref}" s="${style}"/>`;
  if (typeof value === 'number') return Number.isFinite(value) ? `<c r="${ref}" s="${style}"><v>${value}</v></c>` : `<c r="${ref}" s="${style}"/>`;
  return `<c r="${ref}" s="${style}" t="s"><v>${strings.index(value)}</v></c>`;
}

