/**
 * Streaming .xlsx reader: zip central directory first, then workbook and shared strings, then the
 * sheet streamed one row at a time (sheet-rows.ts; XmlScanner for sheets with namespace prefixes). Works whatever order the parts are stored in
 * (Excel writes sheets before sharedStrings). Formula cells give their cached value; error cells
 * (#N/A) read as empty. Caps on decompressed bytes, rows and columns keep crafted files harmless.
 */
import { posix } from 'node:path';
import { ZipArchive, ZipCapError, ZipFormatError } from './zip-archive.js';
import { XmlScanner, XmlRefusedError, attr, type XmlHandler } from './xml-scanner.js';
import { FILE_KIND_DESCRIPTION, readHead, sniffFileKind } from './file-kind.js';
import { cellValue, columnOf } from './sheet-cells.js';
import { SheetLimitError, SheetRowScanner, type SheetRowSink } from './sheet-rows.js';
import { decodeOoxml, unescapeOoxml } from './ooxml-text.js';
import { ArrayRowCells } from './row-cells.js';
import { ArraySharedStrings, ByteSharedStrings, SharedStringsError, type SharedStrings } from './shared-strings.js';

export interface XlsxLimits {
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
};

/** One row at a time, valid only during the call (see RowCells). */
export type RowSink = SheetRowSink;

export interface XlsxInfo {
  sheetName: string;
  date1904: boolean;
}

/** Problem with the file as a whole; the caller adds the file name. */
export class XlsxError extends Error {}

export async function readXlsx(path: string, onRow: RowSink, options: { sheet?: string; limits?: Partial<XlsxLimits>; onWorkbook?: (info: XlsxInfo) => void } = {}): Promise<XlsxInfo> {
  const limits = { ...DEFAULT_XLSX_LIMITS, ...options.limits };
  try {
    await assertZip(path);
    const zip = await ZipArchive.open(path);
    const book = await readWorkbook(zip, options.sheet);
    const shared = book.sharedStringsPart && zip.has(book.sharedStringsPart)
      ? await readSharedStrings(zip, book.sharedStringsPart, limits.maxSharedStringsBytes)
      : new ArraySharedStrings([]);
    options.onWorkbook?.({ sheetName: book.sheetName, date1904: book.date1904 });
    if (!zip.has(book.sheetPart)) throw new XlsxError(`工作表 ${book.sheetName} 的部件 ${book.sheetPart} 缺失`);
    try {
      await streamSheet(zip, book.sheetPart, shared, onRow, limits);
    } catch (e) {
      throw isFileProblem(e) ? new XlsxError(`工作表“${book.sheetName}”${e.message}`) : e;
    }
    return { sheetName: book.sheetName, date1904: book.date1904 };
  } catch (e) {
    throw isFileProblem(e) ? new XlsxError(e.message) : e;
  }
}

/** Errors that describe the file (broken, crafted, over a cap), as opposed to bugs. */
function isFileProblem(e: unknown): e is Error {
  return e instanceof ZipFormatError || e instanceof ZipCapError || e instanceof XmlRefusedError || e instanceof SheetLimitError || e instanceof SharedStringsError;
}

async function assertZip(path: string): Promise<void> {
  const kind = sniffFileKind(await readHead(path));
  if (kind !== 'zip') throw new XlsxError(`不是 xlsx 文件，实际是${FILE_KIND_DESCRIPTION[kind]}`);
}

const DOCTYPE = /<!DOCTYPE|<!ENTITY/i;
const refuseDoctype = (head: string): void => {
  if (DOCTYPE.test(head)) throw new XmlRefusedError('含有 DOCTYPE/实体声明，已拒绝（可能是恶意构造的文件）');
};

/**
 * Streams the sheet's rows: the byte-level row scanner for ordinary sheets, the general XML scanner
 * for sheets written with namespace prefixes. A DOCTYPE in the prolog is refused either way.
 */
async function streamSheet(zip: ZipArchive, part: string, shared: SharedStrings, onRow: RowSink, limits: XlsxLimits): Promise<void> {
  let feed: ((bytes: Buffer) => void) | undefined;
  let finish: () => void = () => {};
  const start = (bytes: Buffer) => {
    const head = bytes.toString('latin1', 0, 65536);
    refuseDoctype(head);
    if (/<[A-Za-z_][\w.-]*:sheetData[\s>]/.test(head)) {
      const scanner = new XmlScanner(new SheetHandler(shared, onRow, limits));
      const decoder = new TextDecoder('utf-8');
      feed = (b) => scanner.feed(decoder.decode(b, { stream: true }));
      finish = () => { scanner.feed(decoder.decode()); scanner.end(); };
    } else {
      const scanner = new SheetRowScanner(shared, onRow, { maxRows: limits.maxRows, maxColumns: limits.maxColumns, maxPending: 64 * 1024 * 1024 });
      feed = (b) => scanner.feed(b);
      finish = () => scanner.end();
    }
  };
  for await (const chunk of zip.stream(part, limits.maxSheetBytes)) {
    if (!feed) start(chunk);
    feed!(chunk);
  }
  if (!feed) start(Buffer.alloc(0));
  finish();
}

interface WorkbookParts {
  sheetName: string;
  sheetPart: string;
  sharedStringsPart?: string;
  date1904: boolean;
}

const SMALL_PART = 16 * 1024 * 1024;

/** The workbook part's sheets (in tab order), relationships and date system. */
async function readSheetList(zip: ZipArchive): Promise<{ sheets: { name: string; rid: string }[]; rels: { id: string; type: string; target: string }[]; dir: string; date1904: boolean }> {
  let workbookPart = 'xl/workbook.xml';
  if (zip.has('_rels/.rels')) {
    const rels = parseRelationships(await zip.readText('_rels/.rels', SMALL_PART), '');
    const main = rels.find((r) => r.type.endsWith('/officeDocument'));
    if (main) workbookPart = main.target;
  }
  if (!zip.has(workbookPart)) throw new XlsxError('是 zip 压缩包但不含 Excel 工作簿（可能是 .docx 或其他文件改名）');
  const dir = posix.dirname(workbookPart);
  const relsPart = `${dir}/_rels/${posix.basename(workbookPart)}.rels`;
  const rels = zip.has(relsPart) ? parseRelationships(await zip.readText(relsPart, SMALL_PART), dir) : [];

  const sheets: { name: string; rid: string }[] = [];
  let date1904 = false;
  const scanner = new XmlScanner({
    open(name, attrs) {
      if (name === 'sheet') sheets.push({ name: attr(attrs, 'name') ?? '', rid: attr(attrs, 'r:id') ?? attr(attrs, 'id') ?? '' });
      else if (name === 'workbookPr') {
        const v = attr(attrs, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    },
    close() {},
    text() {},
  });
  scanner.feed(await zip.readText(workbookPart, SMALL_PART));
  scanner.end();
  if (sheets.length === 0) throw new XlsxError('工作簿中没有工作表');
  return { sheets, rels, dir, date1904 };
}

async function readWorkbook(zip: ZipArchive, wantedSheet?: string): Promise<WorkbookParts> {
  const { sheets, rels, dir, date1904 } = await readSheetList(zip);
  const sheet = wantedSheet === undefined ? sheets[0] : sheets.find((s) => s.name === wantedSheet);
  if (!sheet) throw new XlsxError(`没有名为“${wantedSheet}”的工作表（现有：${sheets.map((s) => s.name).join('、')}）`);
  const target = rels.find((r) => r.id === sheet.rid)?.target ?? `${dir}/worksheets/sheet${sheets.indexOf(sheet) + 1}.xml`;
  const shared = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target ?? (zip.has(`${dir}/sharedStrings.xml`) ? `${dir}/sharedStrings.xml` : undefined);
  return { sheetName: sheet.name, sheetPart: target, sharedStringsPart: shared, date1904 };
}

/** The names of a workbook's sheets, in tab order (to read every sheet of a file people may have reorganised). */
export async function readXlsxSheetNames(path: string): Promise<string[]> {
  try {
    await assertZip(path);
    return (await readSheetList(await ZipArchive.open(path))).sheets.map((s) => s.name);
  } catch (e) {
    throw isFileProblem(e) ? new XlsxError(e.message) : e;
  }
}

function parseRelationships(xml: string, baseDir: string): { id: string; type: string; target: string }[] {
  const out: { id: string; type: string; target: string }[] = [];
  const scanner = new XmlScanner({
    open(name, attrs) {
      if (name !== 'Relationship') return;
      const target = attr(attrs, 'Target') ?? '';
      const resolved = target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(baseDir, target));
      out.push({ id: attr(attrs, 'Id') ?? '', type: attr(attrs, 'Type') ?? '', target: resolved });
    },
    close() {},
    text() {},
  });
  scanner.feed(xml);
  scanner.end();
  return out;
}

/** Text between tags as read: CDATA content is already decoded; anything else needs entities and _xHHHH_ decoded. */
const ooxmlText = (raw: string, decoded: boolean): string => (decoded ? unescapeOoxml(raw) : decodeOoxml(raw));

/**
 * The shared-strings table: indexed in place from its bytes (ByteSharedStrings); a part written with
 * namespace prefixes (<x:si>) goes through the general XML scanner instead.
 */
async function readSharedStrings(zip: ZipArchive, part: string, maxBytes: number): Promise<SharedStrings> {
  const data = await zip.readBytes(part, maxBytes);
  const head = data.toString('latin1', 0, 65536);
  refuseDoctype(head);
  if (!/<[A-Za-z_][\w.-]*:sst[\s>]/.test(head)) return ByteSharedStrings.parse(data, MAX_SHARED_STRINGS);
  return new ArraySharedStrings(parsePrefixedSharedStrings(data));
}

function parsePrefixedSharedStrings(data: Buffer): string[] {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let phoneticDepth = 0;
  let current = '';
  const scanner = new XmlScanner({
    open(name, _attrs, selfClosing) {
      if (name === 'si') {
        if (selfClosing) strings.push('');
        else { inSi = true; current = ''; }
        if (strings.length > MAX_SHARED_STRINGS) throw new SharedStringsError(`共享字符串超过 ${MAX_SHARED_STRINGS.toLocaleString('en-US')} 条上限`);
      } else if (name === 'rPh') {
        if (!selfClosing) phoneticDepth++;
      } else if (name === 't' && !selfClosing) inT = inSi && phoneticDepth === 0;
    },
    close(name) {
      if (name === 'si') {
        strings.push(current);
        inSi = false;
      } else if (name === 'rPh') phoneticDepth--;
      else if (name === 't') inT = false;
    },
    text(raw, decoded) {
      if (inT) current += ooxmlText(raw, decoded);
    },
  });
  // In slices: the whole part as one string could pass V8's string length limit.
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < data.length; at += 1 << 20) scanner.feed(decoder.decode(data.subarray(at, at + (1 << 20)), { stream: true }));
  scanner.feed(decoder.decode());
  scanner.end();
  return strings;
}

/** More distinct strings than a full sheet of cells could use. */
const MAX_SHARED_STRINGS = 16 * 1024 * 1024;

/** Sheet XML state machine: <row> → <c t=..> → <v>/<is><t>; emits each row at </row>. */
class SheetHandler implements XmlHandler {
  private cells: string[] = [];
  private numeric: boolean[] = [];
  private rowNumber = 0;
  private rows = 0;
  private col = -1;
  private cellsInRow = 0;
  private type = '';
  private value = '';
  private capture: 'v' | 't' | '' = '';
  private inInline = false;
  private phoneticDepth = 0;

  constructor(
    private readonly shared: SharedStrings,
    private readonly onRow: RowSink,
    private readonly limits: XlsxLimits,
  ) {}

  private readonly view = new ArrayRowCells();

  open(name: string, attrs: string, selfClosing: boolean): void {
    switch (name) {
      case 'row': {
        const r = attr(attrs, 'r');
        this.rowNumber = r ? Number(r) : this.rowNumber + 1;
        if (++this.rows > this.limits.maxRows || this.rowNumber > this.limits.maxRows) {
          throw new XlsxError(`超过 ${this.limits.maxRows.toLocaleString('en-US')} 行上限`);
        }
        this.cells = [];
        this.numeric = [];
        this.col = -1;
        this.cellsInRow = 0;
        if (selfClosing) this.close('row');
        break;
      }
      case 'c': {
        const ref = attr(attrs, 'r');
        this.col = ref ? columnOf(ref) : this.col + 1;
        if (this.col >= this.limits.maxColumns || this.col < 0) throw new XlsxError(`第${this.rowNumber}行 列号 ${ref ?? ''} 超出 ${this.limits.maxColumns} 列上限`);
        if (++this.cellsInRow > this.limits.maxColumns) throw new XlsxError(`第${this.rowNumber}行 单元格超过 ${this.limits.maxColumns} 个上限`);
        this.type = attr(attrs, 't') ?? 'n';
        this.value = '';
        if (selfClosing) this.close('c');
        break;
      }
      case 'v':
        if (!selfClosing) this.capture = 'v';
        break;
      case 'is':
        this.inInline = !selfClosing;
        break;
      case 'rPh':
        if (!selfClosing) this.phoneticDepth++;
        break;
      case 't':
        if (this.inInline && this.phoneticDepth === 0 && !selfClosing) this.capture = 't';
        break;
    }
  }

  close(name: string): void {
    switch (name) {
      case 'v':
      case 't':
        this.capture = '';
        break;
      case 'is':
        this.inInline = false;
        break;
      case 'rPh':
        this.phoneticDepth--;
        break;
      case 'c':
        this.finishCell();
        break;
      case 'row':
        this.onRow(this.view.set(this.cells, this.numeric), this.rowNumber);
        this.cells = [];
        this.numeric = [];
        break;
    }
  }

  text(raw: string, decoded: boolean): void {
    if (this.capture === '') return;
    this.value += ooxmlText(raw, decoded);
  }

  private finishCell(): void {
    const { text, isNumber } = cellValue(this.type, this.value, this.shared);
    while (this.cells.length < this.col) { this.cells.push(''); this.numeric.push(false); }
    this.cells[this.col] = text;
    this.numeric[this.col] = isNumber;
  }
}
