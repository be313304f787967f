/**
 * Reads the fix-lists schools returned (`inputs.returns`): every sheet of every workbook that has the
 * header (a renamed sheet, or rows split over two sheets, still read), with our own xlsx reader. A
 * file that cannot be read, or has no such header anywhere, is a problem of its own (file-level), not
 * an error that stops the run: one school's broken file must not hold up the county's.
 */
import { readXlsx, readXlsxSheetNames, XlsxError } from '../read/xlsx-reader.js';
import type { InputFile } from '../read/table-reader.js';
import { ReturnSheet, type ReturnRow } from './return-sheet.js';
import { workbookSchool, type KnownSchools } from './workbook-school.js';

export interface ReturnSheetRows {
  sheet: string;
  rows: ReturnRow[];
}

export interface ReturnFile {
  /** As shown to people (relative to the campaign file). */
  file: string;
  /** The school whose workbook this is, when its title or its folder says so (workbook-school.ts). */
  school: string | null;
  /** Sheets with the header, in tab order. */
  sheets: ReturnSheetRows[];
  /** Why the file gave no rows (unreadable, no header): a problem line with no sheet or row. */
  problem?: string;
  /** Rows with an answer or note but no 问题编号. */
  withoutId: number;
}

const FILE_SYSTEM_PROBLEMS: Record<string, string> = { ENOENT: '文件不存在', EACCES: '没有读取权限', EPERM: '没有读取权限', EISDIR: '是文件夹，不是文件' };

/** Reads one returned workbook; `known` holds the schools a workbook may name. */
export async function readReturnFile(input: InputFile, known: KnownSchools): Promise<ReturnFile> {
  const result: ReturnFile = { file: input.display, school: null, sheets: [], withoutId: 0 };
  const titleLines: string[] = [];
  try {
    for (const name of await readXlsxSheetNames(input.path)) {
      const sheet = new ReturnSheet();
      await readXlsx(input.path, sheet.onRow, { sheet: name });
      titleLines.push(...sheet.titleLines);
      if (!sheet.hasHeader) continue;
      result.sheets.push({ sheet: name, rows: sheet.rows });
      result.withoutId += sheet.withoutId;
    }
  } catch (e) {
    const reason = e instanceof XlsxError ? e.message : FILE_SYSTEM_PROBLEMS[(e as NodeJS.ErrnoException).code ?? ''];
    if (!reason) throw e;
    result.problem = `无法读取：${reason}`;
    return result;
  }
  if (result.sheets.length === 0) result.problem = '没有找到含“问题编号”“整改情况”的表头行，未读取';
  result.school = workbookSchool(titleLines, input.display, known);
  return result;
}

/** Every returned file, in the campaign's order. */
export async function readReturnFiles(files: InputFile[], known: KnownSchools): Promise<ReturnFile[]> {
  const out: ReturnFile[] = [];
  for (const file of files) out.push(await readReturnFile(file, known));
  return out;
}
