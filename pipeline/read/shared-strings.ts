/**
 * An xlsx shared-strings table kept as the part's bytes plus the offsets of each <si>: parsing it
 * builds no strings, and a string is decoded only when a cell asks for it. Millions of distinct
 * strings (names, IDs, addresses of a city) cost two Int32Arrays instead of millions of JS objects.
 */
import { markupAt, richText } from './ooxml-text.js';
import type { CellBytes } from './row-cells.js';
import { doubled } from './typed-arrays.js';

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

type FastSlices = Buffer & { utf8Slice(start: number, end: number): string };

/** Buffer#toString('utf8', start, end) without its argument checks (hot: once per cell). */
export const utf8Slice = (data: Buffer, start: number, end: number): string => (data as FastSlices).utf8Slice(start, end);
