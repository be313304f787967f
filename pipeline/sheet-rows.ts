/**
 * The fast path through a worksheet's XML: finds each complete <row>…</row> in the decoded text and
 * slices its cells out with indexOf, without an event per tag. Handles what spreadsheet writers emit
 * (shared, inline, formula-string, boolean, error and number cells, rows and cells without r=). Sheets
 * that use namespace prefixes (<x:row>) go through the general XmlScanner instead (xlsx-reader.ts).
 */
import { decodeEntities } from './xml-scanner.js';

export type SheetRowSink = (cells: string[], rowNumber: number, numeric: boolean[]) => void;

export class SheetLimitError extends Error {}

export interface SheetRowLimits {
  maxRows: number;
  maxColumns: number;
  /** Longest row XML held while waiting for its end. */
  maxPending: number;
}

/** OOXML escapes characters XML cannot hold as _xHHHH_. */
export function decodeOoxml(raw: string): string {
  if (raw.indexOf('<![CDATA[') >= 0) return raw.replace(/<!\[CDATA\[([\s\S]*?)\]\]>|([^<]+)/g, (_, cdata: string | undefined, plain: string | undefined) => cdata ?? decodeOoxml(plain ?? ''));
  return unescapeOoxml(raw.indexOf('&') < 0 ? raw : decodeEntities(raw));
}

/** _x000D_ → the character it stands for, in text whose XML entities are already decoded. */
export function unescapeOoxml(text: string): string {
  return text.indexOf('_x') < 0 ? text : text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A cell's text from its type (t=) and its decoded value (<v>, or the inline string's text):
 * shared-string index resolved, error cells (#N/A) empty, booleans as TRUE/FALSE. `isNumber` marks
 * number cells (an ID Excel stored as a number, a serial date).
 */
export function cellValue(type: string, value: string, shared: string[]): { text: string; isNumber: boolean } {
  switch (type) {
    case 's': return { text: shared[+value] ?? '', isNumber: false };
    case 'inlineStr': case 'str': case 'd': return { text: value, isNumber: false };
    case 'e': return { text: '', isNumber: false };
    case 'b': return { text: value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value, isNumber: false };
    default: return { text: value, isNumber: value !== '' };
  }
}

export function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    col = col * 26 + (c - 64);
  }
  return col - 1;
}

export class SheetRowScanner {
  private held: string[] = [];
  private heldLength = 0;
  private rows = 0;
  private lastRow = 0;

  constructor(
    private readonly shared: string[],
    private readonly onRow: SheetRowSink,
    private readonly limits: SheetRowLimits,
  ) {}

  feed(chunk: string): void {
    // While a row is still open, hold chunks in a list and join them only once its end has come:
    // joining on every chunk would copy a huge row over and over.
    if (this.held.length) {
      const last = this.held[this.held.length - 1];
      if (chunk.indexOf('</row>') < 0 && (last.slice(-6) + chunk.slice(0, 6)).indexOf('</row>') < 0) {
        this.hold(chunk);
        return;
      }
      chunk = this.held.join('') + chunk;
      this.held = [];
      this.heldLength = 0;
    }
    const s = chunk;
    let i = 0;
    for (;;) {
      const open = s.indexOf('<row', i);
      if (open < 0) { i = s.length; break; }
      const tagEnd = s.indexOf('>', open);
      if (tagEnd < 0) { i = open; break; }
      const selfClosing = s.charCodeAt(tagEnd - 1) === 47;
      let end: number;
      let close = tagEnd;
      if (selfClosing) {
        end = tagEnd + 1;
      } else {
        close = s.indexOf('</row>', tagEnd);
        if (close < 0) { i = open; break; }
        end = close + 6;
      }
      const r = attrIn(s, open, tagEnd, ' r="');
      this.row(r ? Number(r) : this.lastRow + 1, s, tagEnd + 1, selfClosing ? tagEnd + 1 : close);
      i = end;
    }
    if (i < s.length) this.hold(s.slice(i));
  }

  private hold(text: string): void {
    this.held.push(text);
    this.heldLength += text.length;
    if (this.heldLength > this.limits.maxPending) throw new SheetLimitError(`单行或单个单元格超过 ${Math.round(this.limits.maxPending / 1048576)} MB 上限`);
  }

  end(): void {
    if (!this.held.length) return;
    const rest = this.held.join('');
    this.held = [];
    this.heldLength = 0;
    // Self-closing rows at the very end arrive without a following </row>; an unfinished row is dropped.
    if (rest.indexOf('<row') >= 0) this.feed(rest);
    this.held = [];
  }

  /** Cells of one row: the XML in s between `from` and `to`. Works on indices, so no per-tag strings. */
  private row(rowNumber: number, s: string, from: number, to: number): void {
    if (++this.rows > this.limits.maxRows || rowNumber > this.limits.maxRows) throw new SheetLimitError(`超过 ${this.limits.maxRows.toLocaleString('en-US')} 行上限`);
    this.lastRow = rowNumber;
    const cells: string[] = [];
    const numeric: boolean[] = [];
    let col = -1;
    let count = 0;
    let i = from;
    while (i < to) {
      const open = s.indexOf('<c', i);
      if (open < 0 || open >= to) break;
      const next = s.charCodeAt(open + 2);
      if (next !== 32 && next !== 62 && next !== 47) { i = open + 2; continue; } // <col…>, <cfRule…>
      const tagEnd = s.indexOf('>', open);
      if (tagEnd < 0 || tagEnd > to) break;
      const ref = attrIn(s, open, tagEnd, ' r="');
      col = ref ? columnOf(ref) : col + 1;
      if (++count > this.limits.maxColumns || col >= this.limits.maxColumns || col < 0) throw new SheetLimitError(`第${rowNumber}行 单元格超过 ${this.limits.maxColumns} 列上限`);
      const type = attrIn(s, open, tagEnd, ' t="') ?? 'n';
      const contentStart = tagEnd + 1;
      let contentEnd = contentStart;
      if (s.charCodeAt(tagEnd - 1) === 47) {
        i = tagEnd + 1;
      } else {
        const close = s.indexOf('</c>', tagEnd);
        contentEnd = close < 0 || close > to ? to : close;
        i = contentEnd + 4;
      }
      let value = '';
      if (type === 'inlineStr') value = inlineText(s.slice(contentStart, contentEnd));
      else {
        const v = s.indexOf('<v', contentStart);
        if (v >= 0 && v < contentEnd) {
          const vEnd = s.indexOf('>', v);
          if (s.charCodeAt(vEnd - 1) !== 47) {
            const vClose = s.indexOf('</v>', vEnd);
            value = s.slice(vEnd + 1, vClose < 0 || vClose > contentEnd ? contentEnd : vClose);
          }
        }
        if (type === 'str' || type === 'd') value = decodeOoxml(value);
      }
      const { text, isNumber } = cellValue(type, value, this.shared);
      while (cells.length < col) { cells.push(''); numeric.push(false); }
      cells[col] = text;
      numeric[col] = isNumber;
    }
    this.onRow(cells, rowNumber, numeric);
  }
}

/** Value of the attribute that `needle` (' r="') opens, inside s[from, to). */
function attrIn(s: string, from: number, to: number, needle: string): string | undefined {
  const at = s.indexOf(needle, from);
  if (at < 0 || at >= to) return undefined;
  const start = at + needle.length;
  return s.slice(start, s.indexOf('"', start));
}

/** Text of an inline string (<is><t>…</t><r><t>…</t></r></is>), phonetic runs (<rPh>) left out. */
function inlineText(content: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const t = content.indexOf('<t', i);
    if (t < 0) return out;
    const after = content.charCodeAt(t + 2);
    if (after !== 62 && after !== 32) { i = t + 2; continue; }
    const ph = content.lastIndexOf('<rPh', t);
    if (ph >= 0 && content.lastIndexOf('</rPh>', t) < ph) { i = content.indexOf('</rPh>', t) + 6; if (i < 6) return out; continue; }
    const start = content.indexOf('>', t) + 1;
    if (content.charCodeAt(start - 2) === 47) { i = start; continue; }
    const end = content.indexOf('</t>', start);
    out += decodeOoxml(content.slice(start, end < 0 ? content.length : end));
    i = end < 0 ? content.length : end + 4;
  }
}
