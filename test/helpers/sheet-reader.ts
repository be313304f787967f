/** Reads a sheet back with our own streaming reader (pipeline/read), as the pipeline reads input and returned fix-lists. */
import { findReturnHeader } from '../../pipeline/follow/return-sheet.js';
import { readXlsx } from '../../pipeline/read/xlsx-reader.js';
import { rowNumbers, rowTexts } from '../../pipeline/read/row-cells.js';
import { ZipArchive } from '../../pipeline/read/zip-archive.js';

export interface SheetText {
  sheetName: string;
  rows: string[][];
  /** Per cell: stored as a number (not text). */
  numeric: boolean[][];
}

export async function readSheet(path: string, sheet?: string): Promise<SheetText> {
  const rows: string[][] = [];
  const numeric: boolean[][] = [];
  const info = await readXlsx(path, (cells) => { rows.push(rowTexts(cells)); numeric.push(rowNumbers(cells)); }, sheet ? { sheet } : {});
  return { sheetName: info.sheetName, rows, numeric };
}

/** The row the returns reader takes for a fix-list's header (findReturnHeader), with its note column; -1 when none. */
export function returnHeaderRow(rows: string[][]): number {
  return rows.findIndex((r) => (findReturnHeader(r)?.note ?? -1) >= 0);
}

/** A part of a workbook as text (inflated: the zip bytes themselves may hide or fake any string). */
export async function partText(path: string, part = 'xl/worksheets/sheet1.xml'): Promise<string> {
  return (await (await ZipArchive.open(path)).readBytes(part, 64 << 20)).toString('utf8');
}
