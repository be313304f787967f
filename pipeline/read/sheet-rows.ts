/**
 * The fast path through a worksheet's XML: works on the inflated bytes, finds each complete
 * <row>…</row> with Buffer.indexOf and walks its cells byte by byte, recording where each value
 * lies. No string is made for a cell until the loader asks for its text (SheetRow). Handles what
 * spreadsheet writers emit (shared, inline, formula-string, boolean, error and number cells, rows and
 * cells without r=). Sheets that use namespace prefixes (<x:row>) go through the general XmlScanner
 * instead (xlsx-reader.ts).
 */
import type { RowCells } from './row-cells.js';
import { BLANK, INLINE, NUMBER, SHARED, SheetRow, columnAt, kindOf, sharedIndexAt } from './sheet-cells.js';
import { ArraySharedStrings, SharedReferences, type SharedStrings, type SharedTextLimits } from './shared-strings.js';

/** `problem` is set for a row that cannot be trusted (a shared-string index the table lacks). */
export type SheetRowSink = (row: RowCells, rowNumber: number, problem?: string) => void;

export class SheetLimitError extends Error {}

export interface SheetRowLimits extends SharedTextLimits {
  maxRows: number;
  maxColumns: number;
  /** Longest row XML held while waiting for its end. */
  maxPending: number;
}

const ROW_OPEN = Buffer.from('<row');
const ROW_CLOSE = Buffer.from('</row'); // '>' may follow after white space
const V_CLOSE = Buffer.from('</v>');
/** Zero bytes after the data in each scanned buffer (see padded): more than the farthest look-ahead. */
const PADDING = 32;

export class SheetRowScanner {
  private held: Buffer[] = [];
  private scratch = Buffer.alloc(0);
  private heldLength = 0;
  private rows = 0;
  private lastRow = 0;
  private readonly row: SheetRow;
  private readonly refs: SharedReferences;
  /** Strings in the table (0 without one): a cell's index at or past it is the row's problem. */
  private readonly sharedCount: number;

  /** `shared` undefined: the workbook has no shared-strings table. */
  constructor(
    shared: SharedStrings | undefined,
    private readonly onRow: SheetRowSink,
    private readonly limits: SheetRowLimits,
  ) {
    this.refs = new SharedReferences(shared, limits);
    this.sharedCount = shared?.count ?? 0;
    this.row = new SheetRow(shared ?? new ArraySharedStrings([]), this.refs, limits.maxColumns);
  }

  feed(chunk: Buffer): void {
    const parts = [chunk];
    // While a row is still open, hold chunks in a list and join them only once its end has come:
    // joining on every chunk would copy a huge row over and over.
    if (this.held.length) {
      const last = this.held[this.held.length - 1];
      if (chunk.indexOf(ROW_CLOSE) < 0 && Buffer.concat([last.subarray(-5), chunk.subarray(0, 5)]).indexOf(ROW_CLOSE) < 0) {
        this.hold(chunk);
        return;
      }
      parts.unshift(...this.held);
      this.held = [];
      this.heldLength = 0;
    }
    const to = parts.reduce((n, p) => n + p.length, 0);
    const data = this.padded(parts, to);
    let i = 0;
    for (;;) {
      // Rows usually follow one another directly: look there before searching (a native call per row adds up).
      const open = data[i] === 60 && data[i + 1] === 114 && data[i + 2] === 111 && data[i + 3] === 119 ? i : data.indexOf(ROW_OPEN, i);
      // No row starts here; the last bytes may be the beginning of "<row" cut by the chunk's end.
      if (open < 0 || open >= to) { i = Math.max(i, to - 3); break; }
      if (open + 4 >= to) { i = open; break; }
      const after = data[open + 4];
      if (!isSpace(after) && after !== 62 && after !== 47) { i = open + 4; continue; } // <rowBreaks…>
      let tagEnd = open + 4;
      while (tagEnd < to && data[tagEnd] !== 62) tagEnd++;
      if (tagEnd >= to) { i = open; break; }
      const r = rowNumberIn(data, open + 4, tagEnd);
      const rowNumber = r > 0 ? r : this.lastRow + 1;
      if (data[tagEnd - 1] === 47) { // <row …/>: no cells
        this.beginRow(data, rowNumber);
        this.emit(rowNumber);
        i = tagEnd + 1;
        continue;
      }
      // The cells are walked up to </row>, which the walk finds itself (one pass over the bytes); a row
      // whose end has not arrived yet is held until the next chunk.
      const close = this.scanRow(data, tagEnd + 1, to, rowNumber);
      if (close < 0) { i = open; break; }
      this.emit(rowNumber);
      i = close + 6;
    }
    if (i < to) this.hold(Buffer.from(data.subarray(i, to))); // a copy: the scratch buffer is reused
  }

  /**
   * `parts` joined in a scratch buffer reused from chunk to chunk, followed by PADDING zero bytes; the
   * view returned ends there. The scans look a few bytes ahead of where they are without checking the
   * end: with the padding those reads stay inside the buffer. A single read past a typed array's end
   * makes V8 compile that load for the out-of-bounds case from then on, which made the scan 2.5x slower.
   */
  private padded(parts: Buffer[], length: number): Buffer {
    if (this.scratch.length < length + PADDING) this.scratch = Buffer.allocUnsafe(Math.max(length + PADDING, 2 * this.scratch.length));
    let at = 0;
    for (const part of parts) at += part.copy(this.scratch, at);
    this.scratch.fill(0, at, at + PADDING);
    return this.scratch.subarray(0, at + PADDING);
  }

  private hold(bytes: Buffer): void {
    this.held.push(bytes);
    this.heldLength += bytes.length;
    if (this.heldLength > this.limits.maxPending) throw new SheetLimitError(`单行或单个单元格超过 ${Math.round(this.limits.maxPending / 1048576)} MB 上限`);
  }

  end(): void {
    if (!this.held.length) return;
    const rest = Buffer.concat(this.held);
    this.held = [];
    this.heldLength = 0;
    // Self-closing rows at the very end arrive without a following </row>; an unfinished row is dropped.
    if (rest.indexOf(ROW_OPEN) >= 0) this.feed(rest);
    this.held = [];
  }

  /** Starts recording a row's cells (again, when a row cut by the chunk's end is scanned whole). */
  private beginRow(data: Buffer, rowNumber: number): void {
    this.refs.beginRow(rowNumber, this.row.left);
    this.row.begin(data, this.refs.rowLeft);
  }

  /** Passes the row just scanned to the sink, within the row limit. */
  private emit(rowNumber: number): void {
    const { maxRows } = this.limits;
    if (++this.rows > maxRows || rowNumber > maxRows) throw new SheetLimitError(`超过 ${maxRows.toLocaleString('en-US')} 行上限`);
    this.lastRow = rowNumber;
    this.onRow(this.row, rowNumber, this.refs.problem);
  }

  /** Column of the cell usualCell read last. */
  private usualColumn = 0;

  /**
   * The shapes nearly every cell has, read in one pass at fixed places: <c r="B7"/>, <c r="B7"><v>42</v></c>
   * and <c r="B7" t="s"><v>3</v></c>, each also with s="…" after r. Records the cell and returns where the
   * next one may start; -1 for anything else (other types, formulas, inline strings, a cell cut by the
   * chunk's end, a column past the limit), which then goes the general way, nothing recorded.
   */
  private usualCell(data: Buffer, at: number, to: number): number {
    // <c r="
    if (data[at + 3] !== 114 || data[at + 4] !== 61 || data[at + 5] !== 34) return -1;
    let k = at + 6;
    let b = data[k];
    let column = 0;
    while (b >= 65 && b <= 90) { column = column * 26 + (b - 64); b = data[++k]; }
    if (column === 0 || column > this.limits.maxColumns) return -1;
    while (b >= 48 && b <= 57) b = data[++k];
    if (b !== 34) return -1;
    b = data[++k];
    if (b === 32 && data[k + 1] === 115 && data[k + 2] === 61 && data[k + 3] === 34) { // s="…"
      k += 4;
      b = data[k];
      while (b >= 48 && b <= 57) b = data[++k];
      if (b !== 34) return -1;
      b = data[++k];
    }
    let kind = NUMBER;
    if (b === 47) { // />
      if (data[k + 1] !== 62) return -1;
      this.usualColumn = column - 1;
      this.row.set(column - 1, BLANK, 0, 0, -1);
      return k + 2;
    }
    if (b === 32) { // t="s">
      if (data[k + 1] !== 116 || data[k + 2] !== 61 || data[k + 3] !== 34 || data[k + 4] !== 115 || data[k + 5] !== 34) return -1;
      kind = SHARED;
      k += 6;
      b = data[k];
    }
    if (b !== 62 || data[k + 1] !== 60 || data[k + 2] !== 118 || data[k + 3] !== 62) return -1; // ><v>
    const start = k + 4;
    let end = start;
    let index = 0;
    b = data[end];
    if (kind === SHARED) {
      while (b >= 48 && b <= 57) { index = index * 10 + (b - 48); b = data[++end]; }
      // An index the table lacks goes the general way too, which makes it the row's problem: no extra test here.
      if (end === start || index >= this.sharedCount) return -1;
    } else {
      while (b !== 60 && end < to) b = data[++end];
      index = -1;
    }
    // </v></c>
    if (b !== 60 || data[end + 1] !== 47 || data[end + 2] !== 118 || data[end + 3] !== 62
      || data[end + 4] !== 60 || data[end + 5] !== 47 || data[end + 6] !== 99 || data[end + 7] !== 62) return -1;
    this.usualColumn = column - 1;
    this.row.set(column - 1, end > start ? kind : BLANK, start, end, index);
    return end + 8;
  }

  /**
   * Cells of row `rowNumber`, walked byte by byte from `from` (just after the <row> tag) to its </row>,
   * whose position it returns; -1 when the data ends first.
   */
  private scanRow(data: Buffer, from: number, to: number, rowNumber: number): number {
    const { maxColumns } = this.limits;
    const row = this.row;
    this.beginRow(data, rowNumber);
    let col = -1;
    let count = 0;
    let i = from;
    while (i < to) {
      if (data[i] !== 60) { i++; continue; }
      if (data[i + 1] !== 99) {
        if (isRowClose(data, i)) return i;
        i++;
        continue;
      }
      const a = data[i + 2];
      if (!isSpace(a) && a !== 62 && a !== 47) { i += 2; continue; } // <col…>, <cfRule…>
      const after = a === 32 ? this.usualCell(data, i, to) : -1;
      if (after >= 0) {
        col = this.usualColumn;
        if (++count > maxColumns) throw new SheetLimitError(`第${rowNumber}行 单元格超过 ${maxColumns} 列上限`);
        i = after;
        continue;
      }
      // The start tag: r="B7" and t="s" are the attributes that matter; quoted values are skipped whole.
      let kind = NUMBER;
      let ref = -1;
      let j = i + 2;
      while (j < to) {
        const b = data[j];
        if (b === 62) break;
        if (b === 34 || b === 39) {
          const q = j;
          j++;
          while (j < to && data[j] !== b) j++;
          if (j >= to) break;
          if (data[q - 2] === 114 && isSpace(data[q - 3])) ref = columnAt(data, q + 1, maxColumns);
          else if (data[q - 2] === 116 && isSpace(data[q - 3])) kind = kindOf(data, q + 1);
        }
        j++;
      }
      if (j >= to) return -1;
      col = ref >= 0 ? ref : col + 1;
      if (++count > maxColumns || col >= maxColumns) throw new SheetLimitError(`第${rowNumber}行 单元格超过 ${maxColumns} 列上限`);
      if (data[j - 1] === 47) { // <c …/>: a blank cell
        row.set(col, BLANK, 0, 0, -1);
        i = j + 1;
        continue;
      }
      // The content, up to </c>: the value in <v>…</v> (a formula in <f> is skipped), or <is> whole.
      const contentStart = j + 1;
      let valueStart = -1;
      let valueEnd = -1;
      let k = contentStart;
      let rowClosed = false;
      let closeEnd = 0;
      for (;;) {
        while (k < to && data[k] !== 60) k++;
        if (k >= to) return -1;
        if (data[k + 1] === 47 && data[k + 2] === 99) { // </c>, or </c  > from a writer that pads end tags
          if (data[k + 3] === 62) { closeEnd = k + 4; break; }
          if (isSpace(data[k + 3])) {
            closeEnd = k + 4;
            while (closeEnd < to && data[closeEnd] !== 62) closeEnd++;
            if (closeEnd++ >= to) return -1;
            break;
          }
        }
        if (isRowClose(data, k)) { rowClosed = true; break; } // a cell left open: it ends with its row
        if (data[k + 1] === 118 && (data[k + 2] === 62 || data[k + 2] === 47 || isSpace(data[k + 2]))) { // <v
          let gt = k + 2;
          while (gt < to && data[gt] !== 62) gt++;
          if (gt >= to) return -1;
          k = gt + 1;
          if (data[gt - 1] === 47) continue; // <v/>
          valueStart = k;
          while (k < to && data[k] !== 60) k++;
          // Usually </v> comes next; a CDATA section inside <v> needs the real end tag.
          if (k >= to) return -1;
          if (!(data[k + 1] === 47 && data[k + 2] === 118)) {
            const vClose = data.indexOf(V_CLOSE, k);
            if (vClose < 0) return -1;
            k = vClose;
          }
          valueEnd = k;
          continue;
        }
        k++;
      }
      const contentEnd = k;
      i = rowClosed ? contentEnd : closeEnd; // past </c>, or at </row>
      if (kind === INLINE) row.set(col, INLINE, contentStart, contentEnd, -1);
      else if (valueStart < 0) row.set(col, kind === NUMBER || kind === SHARED ? BLANK : kind, 0, 0, -1);
      else if (kind === SHARED) {
        const index = sharedIndexAt(data, valueStart, valueEnd);
        if (valueEnd > valueStart) this.refs.refer(index, col);
        // An index the table lacks reads as blank (the row has its problem); stored as -1, never wrapped to 32 bits.
        row.set(col, SHARED, valueStart, valueEnd, index < this.sharedCount ? index : -1);
      } else row.set(col, kind, valueStart, valueEnd, -1);
    }
    return -1;
  }
}

/** "</row>" at `at` (or "</row >": white space may precede the '>'). */
const isRowClose = (data: Buffer, at: number): boolean =>
  data[at + 1] === 47 && data[at + 2] === 114 && data[at + 3] === 111 && data[at + 4] === 119 && (data[at + 5] === 62 || isSpace(data[at + 5]));

const isSpace = (b: number): boolean => b === 32 || b === 9 || b === 10 || b === 13;

/** The row number from r="…" (or r='…') in the row's start tag; 0 when absent. */
function rowNumberIn(data: Buffer, from: number, to: number): number {
  for (let j = from; j < to - 3; j++) {
    if (data[j + 1] === 114 && data[j + 2] === 61 && (data[j + 3] === 34 || data[j + 3] === 39) && isSpace(data[j])) {
      let n = 0;
      for (let k = j + 4; k < to; k++) {
        const d = data[k] - 48;
        if (d < 0 || d > 9) break;
        n = n * 10 + d;
        if (n > 1e9) break;
      }
      return n;
    }
  }
  return 0;
}
