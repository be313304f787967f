/** Reads any supported input file row by row: .xlsx by our streaming reader, .csv by the CSV reader. */
import { extname } from 'node:path';
import { readCsv, CsvError } from './csv-reader.js';
import type { RowCells } from './row-cells.js';
import { readXlsx, XlsxError } from './xlsx-reader.js';
import { FILE_KIND_DESCRIPTION, readHead, sniffFileKind } from './file-kind.js';
import type { TextEncodingName } from './text-decoding.js';

/** Why a file cannot be read, in words for its owner; the caller adds which file (it knows the display name). */
export class ReadError extends Error {}

export interface InputFile {
  /** Absolute path. */
  path: string;
  /** Path as shown to people: relative to the campaign file. */
  display: string;
  sheet?: string;
  encoding?: TextEncodingName;
}

export interface FileFormat {
  format: 'xlsx' | 'csv';
  date1904: boolean;
  /** The worksheet read, for messages. */
  sheet?: string;
  /** Every worksheet of a workbook, in its order. */
  sheets?: string[];
  /** A CSV file's text encoding (given, or detected). */
  encoding?: TextEncodingName;
}

/** `problem` is set for a row that cannot be trusted (a CSV quote never closed). */
export type TableRowSink = (row: RowCells, rowNumber: number, problem?: string) => void;

export async function readTableFile(file: InputFile, onRow: TableRowSink, onFormat: (f: FileFormat) => void): Promise<void> {
  const ext = extname(file.path).toLowerCase();
  try {
    if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
      const head = await readHead(file.path);
      const kind = sniffFileKind(head);
      if (kind !== 'text') throw new ReadError(`不是 CSV 文本文件，实际是${FILE_KIND_DESCRIPTION[kind]}`);
      await readCsv(file.path, onRow, { encoding: file.encoding, onEncoding: (encoding) => onFormat({ format: 'csv', date1904: false, encoding }) });
    } else if (ext === '.xlsx' || ext === '.xlsm' || ext === '.xls') {
      await readXlsx(file.path, onRow, { sheet: file.sheet, onWorkbook: (info) => onFormat({ format: 'xlsx', date1904: info.date1904, sheet: info.sheetName, sheets: info.sheets }) });
    } else {
      throw new ReadError(`不支持的文件类型“${ext || '无扩展名'}”，请使用 .xlsx 或 .csv`);
    }
  } catch (e) {
    if (e instanceof XlsxError || e instanceof CsvError) throw new ReadError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ReadError('文件不存在');
    if (code === 'EACCES' || code === 'EPERM') throw new ReadError('没有读取权限');
    if (code === 'EISDIR') throw new ReadError('是文件夹，不是文件');
    throw e;
  }
}
