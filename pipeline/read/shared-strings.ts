/**
 * An xlsx shared-strings table kept as the part's bytes plus the offsets of each <si>: parsing it
 * builds no strings, and a string is decoded only when a cell asks for it. Millions of distinct
 * strings (names, IDs, addresses of a city) cost two Int32Arrays instead of millions of JS objects.
 * A part written with namespace prefixes (<x:si>) or in Office 2007 beta's form (<sstItem>) is read
 * by the general XML scanner instead. SharedReferences checks what a sheet's cells make of the table.
 */
import { markupAt, richText, scannedText } from './ooxml-text.js';
import type { CellBytes } from './row-cells.js';
import { doubled } from './typed-arrays.js';
import { XmlScanner } from './xml-scanner.js';

export class SharedStringsError extends Error {}

const T_OPEN_PRESERVE = Buffer.from('<t xml:space="preserve">');

export interface SharedStrings {
  readonly count: number;
  /** The i-th string; '' for an index the table does not have. */
  get(i: number): string;
  /** Points `out` at the i-th string's bytes when they are its text as is (see RowCells.bytes). */
  bytes(i: number, out: CellBytes): boolean;
}

export class ArraySharedStrings implements SharedStrings {
  constructor(private readonly strings: string[]) {}
  get count(): number {
    return this.strings.length;
  }
  get(i: number): string {
    return this.strings[i] ?? '';
  }
  bytes(): boolean {
    return false;
  }
}

export class ByteSharedStrings implements SharedStrings {
  /** Per string, where its text starts when the item is plain (see plainStart); -1 otherwise. */
  private readonly plain: Int32Array;

  private constructor(
    private readonly data: Buffer,
    private readonly starts: Int32Array,
    private readonly ends: Int32Array,
    readonly count: number,
  ) {
    // Found once, in order through the part (cells ask in whatever order their rows use).
    this.plain = new Int32Array(count);
    for (let i = 0; i < count; i++) this.plain[i] = starts[i] === ends[i] ? starts[i] : this.plainStart(starts[i], ends[i]);
  }

  /** Indexes every <si>…</si> (or <si/>) of an un-prefixed sst part. */
  static parse(data: Buffer, maxCount: number): ByteSharedStrings {
    let starts: Int32Array<ArrayBuffer> = new Int32Array(1024);
    let ends: Int32Array<ArrayBuffer> = new Int32Array(1024);
    let count = 0;
    let i = 0;
    const n = data.length;
    // A byte loop, not Buffer#indexOf: two native calls per string cost more than the scan itself.
    for (;;) {
      while (i < n && !(data[i] === 60 && data[i + 1] === 115 && data[i + 2] === 105 && (data[i + 3] === 62 || data[i + 3] === 32 || data[i + 3] === 47))) i++; // <si
      if (i >= n) break;
      let tagEnd = i + 3;
      while (tagEnd < n && data[tagEnd] !== 62) tagEnd++;
      if (tagEnd >= n) break;
      const start = tagEnd + 1;
      let end = start;
      if (data[tagEnd - 1] === 47) {
        i = start; // <si/>
      } else {
        end = start;
        while (end < n && !(data[end] === 60 && data[end + 1] === 47 && data[end + 2] === 115 && data[end + 3] === 105 && data[end + 4] === 62)) end++; // </si>
        if (end >= n) throw new SharedStringsError('共享字符串部件不完整（<si> 未闭合）');
        i = end + 5;
      }
      if (count === starts.length) {
        if (count >= maxCount) throw new SharedStringsError(`共享字符串超过 ${maxCount.toLocaleString('en-US')} 条上限`);
        starts = doubled(starts);
        ends = doubled(ends);
      }
      starts[count] = start;
      ends[count] = end;
      count++;
    }
    if (count > maxCount) throw new SharedStringsError(`共享字符串超过 ${maxCount.toLocaleString('en-US')} 条上限`);
    return new ByteSharedStrings(data, starts, ends, count);
  }

  get(i: number): string {
    if (!(i >= 0 && i < this.count)) return '';
    const start = this.starts[i];
    const end = this.ends[i];
    if (start === end) return '';
    const plain = this.plain[i];
    return plain >= 0 ? utf8Slice(this.data, plain, end - 4) : richText(utf8Slice(this.data, start, end));
  }

  bytes(i: number, out: CellBytes): boolean {
    if (!(i >= 0 && i < this.count)) return false;
    const plain = this.plain[i];
    if (plain < 0) return false;
    const end = this.ends[i];
    out.data = this.data;
    out.start = plain;
    out.end = plain === end ? end : end - 4; // an empty <si/> is plain and empty
    return true;
  }

  /**
   * Where the text starts when the whole item is one plain <t>…</t> with no markup, entities or
   * _xHHHH_ inside (it then ends 4 bytes before `end`, at </t>); -1 otherwise.
   */
  private plainStart(start: number, end: number): number {
    const data = this.data;
    let from = 0;
    if (data[start] === 60 && data[start + 1] === 116 && data[start + 2] === 62) from = start + 3; // <t>
    else if (end - start >= T_OPEN_PRESERVE.length + 4 && data.compare(T_OPEN_PRESERVE, 0, T_OPEN_PRESERVE.length, start, start + T_OPEN_PRESERVE.length) === 0) from = start + T_OPEN_PRESERVE.length;
    if (!from) return -1;
    const k = markupAt(data, from, end);
    return k === end - 4 && data[k + 1] === 47 && data[k + 2] === 116 && data[k + 3] === 62 ? from : -1;
  }
}

/**
 * The table in a shared-strings part: indexed in place from its bytes, or (prefixed names, Office 2007
 * beta's <sstItem>) decoded through the general scanner.
 */
export function parseSharedStrings(data: Buffer, maxCount: number): SharedStrings {
  const head = data.toString('latin1', 0, 65536);
  if (!/<[A-Za-z_][\w.-]*:sst[\s>]|<sstItem[\s>]/.test(head)) return ByteSharedStrings.parse(data, maxCount);
  return new ArraySharedStrings(parseWithScanner(data, maxCount));
}

function parseWithScanner(data: Buffer, maxCount: number): string[] {
  const strings: string[] = [];
  let inSi = false;
  let inT = false;
  let phoneticDepth = 0;
  let current = '';
  const isItem = (name: string) => name === 'si' || name === 'sstItem';
  const scanner = new XmlScanner({
    open(name, _attrs, selfClosing) {
      if (isItem(name)) {
        if (selfClosing) strings.push('');
        else { inSi = true; current = ''; }
        if (strings.length > maxCount) throw new SharedStringsError(`共享字符串超过 ${maxCount.toLocaleString('en-US')} 条上限`);
      } else if (name === 'rPh') {
        if (!selfClosing) phoneticDepth++;
      } else if (name === 't' && !selfClosing) inT = inSi && phoneticDepth === 0;
    },
    close(name) {
      if (isItem(name)) {
        strings.push(current);
        inSi = false;
      } else if (name === 'rPh') phoneticDepth--;
      else if (name === 't') inT = false;
    },
    text(raw, decoded) {
      if (inT) current += scannedText(raw, decoded);
    },
  });
  // In slices: the whole part as one string could pass V8's string length limit.
  const decoder = new TextDecoder('utf-8');
  for (let at = 0; at < data.length; at += 1 << 20) scanner.feed(decoder.decode(data.subarray(at, at + (1 << 20)), { stream: true }));
  scanner.feed(decoder.decode());
  scanner.end();
  return strings;
}

export interface SharedTextLimits {
  /** Text (bytes or characters) one row's shared-string cells may hand out: bounds what a row holds in memory. */
  maxRowSharedText: number;
  /** Text a whole sheet's shared-string cells may hand out. */
  maxSheetSharedText: number;
}

/**
 * What a sheet's cells make of the shared-strings table, row by row. An index the table does not have
 * becomes the row's problem (the row is rejected, never read as a blank cell); a sheet referring to a
 * table the workbook lacks is refused. The text handed out for shared-string cells is capped, per row
 * and per sheet, so that one long string referenced by many cells cannot amplify a small file into
 * gigabytes. It is counted as cells are decoded, so what is never read costs nothing; each row gets an
 * allowance (the row cap, or what is left of the sheet's) that the fast path's row view draws down
 * itself, one subtraction per cell, settled here when the next row begins.
 */
export class SharedReferences {
  /** Why the current row cannot be trusted, or undefined. */
  problem: string | undefined;
  /** What the current row may still hand out: the row cap, or what is left of the sheet's when less. */
  rowLeft = 0;
  /** The current row's allowance (0 before the first row). */
  private rowGiven = 0;
  private rowNumber = 0;
  private sheetLeft: number;
  private readonly count: number;

  constructor(private readonly shared: SharedStrings | undefined, private readonly limits: SharedTextLimits) {
    this.count = shared?.count ?? 0;
    this.sheetLeft = limits.maxSheetSharedText;
  }

  /**
   * A new row (or the same one scanned again, when a chunk's end had cut it). `previousLeft` is what
   * the previous row left of its allowance, when the caller kept the count itself (SheetRow does).
   */
  beginRow(rowNumber: number, previousLeft = this.rowLeft): void {
    this.problem = undefined;
    this.rowNumber = rowNumber;
    this.sheetLeft -= this.rowGiven - previousLeft;
    this.rowGiven = this.rowLeft = Math.min(this.limits.maxRowSharedText, this.sheetLeft);
  }

  /** A shared-string cell of the current row handed out `size` bytes or characters of text. */
  handOut(size: number): void {
    if ((this.rowLeft -= size) < 0) this.overCap();
  }

  /** The current row handed out more than its allowance. */
  overCap(): never {
    const { maxRowSharedText, maxSheetSharedText } = this.limits;
    if (this.rowGiven === maxRowSharedText) throw new SharedStringsError(`第${this.rowNumber}行引用的共享字符串展开后超过 ${mib(maxRowSharedText)} MB 上限（疑似恶意构造的文件），已拒绝`);
    throw new SharedStringsError(`引用的共享字符串展开后超过 ${mib(maxSheetSharedText)} MB 上限（疑似恶意构造的文件），已拒绝`);
  }

  /** A cell of column `col` refers to string `index` (-1: its value is not an index at all). */
  refer(index: number, col: number): void {
    if (index < 0 || index >= this.count) this.pointsNowhere(index, col);
  }

  private pointsNowhere(index: number, col: number): void {
    if (!this.shared) throw new SharedStringsError('的单元格引用了共享字符串，但工作簿中没有共享字符串表（文件不完整）');
    this.problem ??= index < 0
      ? `第${col + 1}列的共享字符串编号无效，无法读出该单元格`
      : `第${col + 1}列的共享字符串编号 ${index} 超出共享字符串表（共 ${this.count} 条），无法读出该单元格`;
  }
}

const mib = (bytes: number): number => Math.round(bytes / 1048576);

type FastSlices = Buffer & { utf8Slice(start: number, end: number): string };

/** Buffer#toString('utf8', start, end) without its argument checks (hot: once per cell). */
export const utf8Slice = (data: Buffer, start: number, end: number): string => (data as FastSlices).utf8Slice(start, end);
