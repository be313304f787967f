/**
 * The cells of one worksheet row as the fast path records them: each cell's kind (shared string,
 * number, inline text…) and where its value lies in the sheet's bytes (SheetRow); its text is decoded
 * only when the loader asks, once. cellValue does the same for the general XML path from strings.
 */
import { decodeOoxml, markupAt, richText } from './ooxml-text.js';
import type { CellBytes, RowCells } from './row-cells.js';
import { utf8Slice, type SharedReferences, type SharedStrings } from './shared-strings.js';

/**
 * A cell's text from its type (t=) and its decoded value (<v>, or the inline string's text):
 * shared-string index resolved, error cells (#N/A) empty, booleans as TRUE/FALSE. `isNumber` marks
 * number cells. Used by the general XML path; SheetRow does the same from bytes.
 */
export function cellValue(type: string, value: string, shared: SharedStrings): { text: string; isNumber: boolean } {
  switch (type) {
    case 's': return { text: value === '' ? '' : shared.get(+value), isNumber: false };
    case 'inlineStr': case 'str': case 'd': return { text: value, isNumber: false };
    case 'e': return { text: '', isNumber: false };
    case 'b': return { text: booleanText(value), isNumber: false };
    default: return { text: numberText(value), isNumber: value !== '' };
  }
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A number cell's text as Excel shows the double it holds: the shortest text that reads back as it
 * (10.2 for 10.199999999999999, 100 for 100.000, 0.0414292515 for 4.14292515E-2; JavaScript's form,
 * so 1e-7 and 1e+21 beyond its fixed range). A plain integer is returned as written, whatever its
 * length: its digits are what the writer stored (an ID written as a number keeps them, and the loader
 * judges whether Excel's 15 digits damaged it). Anything not a number is returned as it is.
 */
export function numberText(raw: string): string {
  const n = raw.length;
  let k = raw.charCodeAt(0) === 45 ? 1 : 0; // '-'
  const first = raw.charCodeAt(k);
  if ((first > 48 && first <= 57) || (first === 48 && n === 1)) {
    for (k++; k < n; k++) {
      const c = raw.charCodeAt(k);
      if (c < 48 || c > 57) break;
    }
    if (k === n) return raw; // most number cells: short integers, serial dates
  }
  const trimmed = raw.trim();
  if (!DECIMAL.test(trimmed)) return raw;
  const value = Number(trimmed);
  return Number.isFinite(value) ? String(value) : raw;
}

const booleanText = (value: string): string => (value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value);

export function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i) & 0xffdf; // upper case, as Excel reads "b7"
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

/** Column index from the letters of a cell reference (B7 or b7 → 1); -1 when there are none. */
export function columnAt(data: Buffer, at: number, maxColumns: number): number {
  let col = 0;
  for (let k = at; ; k++) {
    const c = data[k] & 0xdf; // upper case, as Excel reads "b7"
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
    if (col > maxColumns) return maxColumns; // out of range however many letters follow
  }
  return col - 1;
}

/** A shared-string index written in ASCII digits; -1 for anything else. */
export function sharedIndexAt(data: Buffer, from: number, to: number): number {
  let n = 0;
  if (from >= to) return -1;
  for (let k = from; k < to; k++) {
    const d = data[k] - 48;
    if (d < 0 || d > 9) return Number.isInteger(+data.toString('latin1', from, to)) ? +data.toString('latin1', from, to) : -1;
    n = n * 10 + d;
  }
  return n;
}

// Cell kinds as SheetRow records them.
export const BLANK = 0;
export const SHARED = 1;
export const NUMBER = 2;
export const INLINE = 3; // <is> rich text: the whole content is kept
export const TEXT = 4; // t="str" (formula result) or t="d" (ISO date): <v> holds the text
export const BOOLEAN = 5;
export const ERROR = 6;

/** Type of a cell from the first bytes of its t="…" value. */
export function kindOf(data: Buffer, at: number): number {
  switch (data[at]) {
    case 115: return data[at + 1] === 116 ? TEXT : SHARED; // "str" / "s"
    case 105: return INLINE; // "inlineStr"
    case 100: return TEXT; // "d"
    case 98: return BOOLEAN; // "b"
    case 101: return ERROR; // "e"
    default: return NUMBER; // "n" and anything unknown, as Excel reads it
  }
}

/** One row of the sheet as positions in the current buffer; texts decoded on demand, once. */
export class SheetRow implements RowCells {
  length = 0;
  data: Buffer = Buffer.alloc(0);
  private current = 0;
  private readonly stamp: Uint32Array;
  private readonly kind: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  private readonly index: Int32Array;
  private readonly decodedStamp: Uint32Array;
  private readonly decoded: string[] = [];

  /** `refs` is told when a row hands out more shared-string text than it may (the amplification cap). */
  constructor(private readonly shared: SharedStrings, private readonly refs: SharedReferences, maxColumns: number) {
    this.stamp = new Uint32Array(maxColumns);
    this.kind = new Uint8Array(maxColumns);
    this.start = new Int32Array(maxColumns);
    this.end = new Int32Array(maxColumns);
    this.index = new Int32Array(maxColumns);
    this.decodedStamp = new Uint32Array(maxColumns);
  }

  /** Text the row may still hand out for shared-string cells (kept here: one field per cell to update). */
  left = 0;

  /** A new row in `data`, which may hand out `left` of shared-string text (SharedReferences). */
  begin(data: Buffer, left: number): void {
    this.data = data;
    this.length = 0;
    this.current++;
    this.left = left;
  }

  set(col: number, kind: number, start: number, end: number, index: number): void {
    this.stamp[col] = this.current;
    this.kind[col] = kind;
    this.start[col] = start;
    this.end[col] = end;
    this.index[col] = index;
    if (col >= this.length) this.length = col + 1;
  }

  text(col: number): string {
    if (col >= this.length || this.stamp[col] !== this.current) return '';
    if (this.decodedStamp[col] === this.current) return this.decoded[col];
    const text = this.decode(col);
    this.decodedStamp[col] = this.current;
    this.decoded[col] = text;
    return text;
  }

  private decode(col: number): string {
    const start = this.start[col];
    const end = this.end[col];
    switch (this.kind[col]) {
      case SHARED: {
        const text = this.index[col] < 0 ? '' : this.shared.get(this.index[col]);
        if ((this.left -= text.length) < 0) this.refs.overCap();
        return text;
      }
      case NUMBER: return numberText(utf8Slice(this.data, start, end));
      case INLINE: return richText(utf8Slice(this.data, start, end));
      case TEXT: return decodeOoxml(utf8Slice(this.data, start, end));
      case BOOLEAN: return booleanText(utf8Slice(this.data, start, end));
      default: return '';
    }
  }

  isNumber(col: number): boolean {
    return col < this.length && this.stamp[col] === this.current && this.kind[col] === NUMBER && this.end[col] > this.start[col];
  }

  sharedIndex(col: number): number {
    return col < this.length && this.stamp[col] === this.current && this.kind[col] === SHARED ? this.index[col] : -1;
  }

  bytes(col: number, out: CellBytes): boolean {
    let kind = col < this.length && this.stamp[col] === this.current ? this.kind[col] : BLANK;
    if (kind === SHARED && this.index[col] < 0) kind = BLANK;
    switch (kind) {
      case BLANK: case ERROR:
        out.data = this.data;
        out.start = out.end = 0;
        return true;
      case SHARED:
        if (!this.shared.bytes(this.index[col], out)) return false;
        if ((this.left -= out.end - out.start) < 0) this.refs.overCap();
        return true;
      case TEXT: {
        const data = this.data;
        const start = this.start[col];
        const end = this.end[col];
        if (markupAt(data, start, end) < end) return false;
        out.data = data;
        out.start = start;
        out.end = end;
        return true;
      }
      default:
        return false;
    }
  }
}
