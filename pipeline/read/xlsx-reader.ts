/**
 * Streaming .xlsx reader: zip central directory first, then the workbook's parts (workbook-parts.ts)
 * and shared strings, then the sheet streamed one row at a time (sheet-rows.ts; xml-sheet-rows.ts for
 * sheets with namespace prefixes). Works whatever order the parts are stored in (Excel writes sheets
 * before sharedStrings). Formula cells give their cached value; error cells (#N/A) read as empty.
 * Caps on decompressed bytes, rows, columns and the text shared strings expand to keep crafted files
 * harmless; a row that cannot be read as written reaches the sink with its problem.
 */
import { ZipArchive, ZipCapError, ZipFormatError } from './zip-archive.js';
import { XmlScanner, XmlRefusedError, refuseDoctype } from './xml-scanner.js';
import { FILE_KIND_DESCRIPTION, readHead, sniffFileKind } from './file-kind.js';
import { SheetLimitError, SheetRowScanner, type SheetRowLimits, type SheetRowSink } from './sheet-rows.js';
import { XmlSheetRows } from './xml-sheet-rows.js';
import { SharedStringsError, parseSharedStrings, type SharedStrings, type SharedTextLimits } from './shared-strings.js';
import { WorkbookPartsError, readWorkbookParts } from './workbook-parts.js';
import { partAsUtf8, partChunksAsUtf8 } from './text-decoding.js';

export interface XlsxLimits extends SharedTextLimits {
  maxSheetBytes: number;
  maxSharedStringsBytes: number;
  maxRows: number;
  maxColumns: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxSheetBytes: 2 * 1024 ** 3,
  maxSharedStringsBytes: 512 * 1024 ** 2,
  maxRows: 1_048_576,
  maxColumns: 16_384,
  // Shared text a row may hand out: as much as the longest row the scanner holds; a sheet: what a sheet may hold.
  maxRowSharedText: 64 * 1024 ** 2,
  maxSheetSharedText: 2 * 1024 ** 3,
};

/** One row at a time, valid only during the call (see RowCells). */
export type RowSink = SheetRowSink;

export interface XlsxInfo {
  sheetName: string;
  date1904: boolean;
  /** Every sheet of the workbook, in its order. */
  sheets: string[];
}

/** Problem with the file as a whole; the caller adds the file name. */
export class XlsxError extends Error {}

export async function readXlsx(path: string, onRow: RowSink, options: { sheet?: string; limits?: Partial<XlsxLimits>; onWorkbook?: (info: XlsxInfo) => void } = {}): Promise<XlsxInfo> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  try {
    await assertZip(path);
    const zip = await ZipArchive.open(path);
    const book = await readWorkbookParts(zip);
    const sheet = options.sheet === undefined ? book.sheets[0] : book.sheets.find((s) => s.name === options.sheet);
    if (!sheet) throw new XlsxError(`没有名为“${options.sheet}”的工作表（现有：${book.sheets.map((s) => s.name).join('、')}）`);
    // No table at all is told apart from an empty one: a sheet referring to it is refused (SharedReferences).
    const shared = book.sharedStringsPart && zip.has(book.sharedStringsPart)
      ? await readSharedStrings(zip, book.sharedStringsPart, limits.maxSharedStringsBytes)
      : undefined;
    const info = { sheetName: sheet.name, date1904: book.date1904, sheets: book.sheets.map((s) => s.name) };
    options.onWorkbook?.(info);
    if (!zip.has(sheet.part)) throw new XlsxError(`工作表 ${sheet.name} 的部件 ${sheet.part} 缺失`);
    try {
      await streamSheet(zip, sheet.part, shared, onRow, limits);
    } catch (e) {
      throw isFileProblem(e) ? new XlsxError(`工作表“${sheet.name}”${e.message}`) : e;
    }
    return info;
  } catch (e) {
    throw isFileProblem(e) ? new XlsxError(e.message) : e;
  }
}

/** Errors that describe the file (broken, crafted, over a cap), as opposed to bugs. */
function isFileProblem(e: unknown): e is Error {
  return e instanceof ZipFormatError || e instanceof ZipCapError || e instanceof XmlRefusedError || e instanceof SheetLimitError
    || e instanceof SharedStringsError || e instanceof WorkbookPartsError;
}

async function assertZip(path: string): Promise<void> {
  const kind = sniffFileKind(await readHead(path));
  if (kind !== 'zip') throw new XlsxError(`不是 xlsx 文件，实际是${FILE_KIND_DESCRIPTION[kind]}`);
}

/**
 * Streams the sheet's rows: the byte-level row scanner for ordinary sheets, the general XML scanner
 * for sheets written with namespace prefixes. A DOCTYPE in the prolog is refused either way.
 */
async function streamSheet(zip: ZipArchive, part: string, shared: SharedStrings | undefined, onRow: RowSink, limits: XlsxLimits): Promise<void> {
  let feed: ((bytes: Buffer) => void) | undefined;
  let finish: () => void = () => {};
  const rowLimits: SheetRowLimits = { ...limits, maxPending: 64 * 1024 * 1024 };
  const start = (bytes: Buffer) => {
    const head = bytes.toString('latin1', 0, 65536);
    refuseDoctype(head);
    // A prefixed root or sheetData (the latter may lie past a long prefixed header, the former never does).
    if (/<[A-Za-z_][\w.-]*:(?:worksheet|sheetData)[\s>]/.test(head)) {
      const scanner = new XmlScanner(new XmlSheetRows(shared, onRow, rowLimits));
      const decoder = new TextDecoder('utf-8');
      feed = (b) => scanner.feed(decoder.decode(b, { stream: true }));
      finish = () => { scanner.feed(decoder.decode()); scanner.end(); };
    } else {
      const scanner = new SheetRowScanner(shared, onRow, rowLimits);
      feed = (b) => scanner.feed(b);
      finish = () => scanner.end();
    }
  };
  for await (const chunk of partChunksAsUtf8(zip.stream(part, limits.maxSheetBytes))) {
    if (!feed) start(chunk);
    feed!(chunk);
  }
  if (!feed) start(Buffer.alloc(0));
  finish();
}

/** The names of a workbook's sheets, in tab order (to read every sheet of a file people may have reorganised). */
export async function readXlsxSheetNames(path: string): Promise<string[]> {
  try {
    await assertZip(path);
    return (await readWorkbookParts(await ZipArchive.open(path))).sheets.map((s) => s.name);
  } catch (e) {
    throw isFileProblem(e) ? new XlsxError(e.message) : e;
  }
}

/** The shared-strings table; a DOCTYPE in the part is refused. */
async function readSharedStrings(zip: ZipArchive, part: string, maxBytes: number): Promise<SharedStrings> {
  const data = partAsUtf8(await zip.readBytes(part, maxBytes));
  refuseDoctype(data.toString('latin1', 0, 65536));
  return parseSharedStrings(data, MAX_SHARED_STRINGS);
}

/** More distinct strings than a full sheet of cells could use. */
const MAX_SHARED_STRINGS = 16 * 1024 * 1024;
