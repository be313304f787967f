/** Reads a sheet back with our own streaming reader (pipeline/read), as the pipeline reads input and returned fix-lists. */
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

/** The first row holding every one of `names` (a returned fix-list is read by its header names, wherever the row is). */
export function headerRowIndex(rows: string[][], names: string[]): number {
  return rows.findIndex((r) => names.every((n) => r.includes(n)));
}

/** A part of a workbook as text (inflated: the zip bytes themselves may hide or fake any string). */
export async function partText(path: string, part = 'xl/worksheets/sheet1.xml'): Promise<string> {
  return (await (await ZipArchive.open(path)).readBytes(part, 64 << 20)).toString('utf8');
}
