/**
 * Normalised rows on their way into DuckDB: written by the ingest workers as delimited UTF-8 text and
 * loaded in bulk with read_csv. This is much faster than appending value by value through the native
 * binding, and lets several threads parse at once.
 *
 * The format needs no quoting: every value is followed by U+001F and rows end in \n, and no stored
 * value can hold either (every field passes through cleanText, which turns control characters into
 * spaces or drops them; bytes copied straight from a cell are checked for them, see plain-bytes.ts).
 * source_file, the one raw value, is not written: each line ends with the number of its input file,
 * which the load turns into the file's name. NULL is an empty field; an empty string is never stored
 * (normalisation makes it NULL).
 *
 * Lines are built in a byte buffer, value by value: a clean cell's bytes are copied in as they are,
 * other values encoded once (see EncodedValues), so a row makes no strings on the fast path.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { DerivedColumns } from './id-facts.js';
import { quoteIdent, sqlString, type StoreColumn, type StoreValue } from './store-columns.js';
import { doubled } from '../read/typed-arrays.js';

const DELIMITER = 0x1f;
const FLUSH_AT = 1 << 20;
// What a value written from a string must not hold: a control character, among them the line break
// and the delimiter (cleanText removes them all, so one here is a bug); value() checks the same.
const BREAKS_FORMAT = /[\x00-\x1f]/;

/** Values encoded once and copied into many lines (memoised and absent fields). */
export interface EncodedValues {
  bytes: Buffer;
  /** Offset of each value within bytes. */
  offsets: number[];
}

export function encodeValues(values: StoreValue[]): EncodedValues {
  const texts = values.map(valueText);
  for (const t of texts) if (BREAKS_FORMAT.test(t)) throw formatError();
  const offsets: number[] = [];
  let at = 0;
  for (const t of texts) {
    offsets.push(at);
    at += Buffer.byteLength(t) + 1;
  }
  return { bytes: Buffer.from(texts.map((t) => `${t}\x1f`).join('')), offsets };
}

/** null as an empty field, booleans as true/false: what read_csv expects. */
const valueText = (v: StoreValue): string => (v === null ? '' : String(v));

const formatError = () => new Error('bulk-load value holds a control character: a value escaped normalisation');

export class BulkLineWriter {
  private readonly fd: number;
  private buf = Buffer.allocUnsafe(2 * FLUSH_AT);
  private pos = 0;
  private lineStart = 0;
  /** Offset of each value of the line being built. */
  private starts = new Int32Array(64);
  private count = 0;
  private readonly lineEnd: Buffer;
  rows = 0;

  /** `source` is the input file's number (see bulkLoadSql). */
  constructor(path: string, source: number) {
    this.fd = openSync(path, 'w');
    this.lineEnd = Buffer.from(`${source}\n`);
  }

  beginLine(): void {
    if (this.pos >= FLUSH_AT) this.flush();
    this.lineStart = this.pos;
    this.count = 0;
  }

  /** Forgets the line being built (a rejected row). */
  dropLine(): void {
    this.pos = this.lineStart;
    this.count = 0;
  }

  endLine(): void {
    this.ensure(this.lineEnd.length);
    this.pos += this.lineEnd.copy(this.buf, this.pos);
    this.rows++;
  }

  /** Appends a value given as text bytes already in their stored form. */
  bytes(data: Buffer, start: number, end: number): void {
    this.ensure(end - start + 1);
    this.mark();
    this.copyIn(data, start, end);
    this.buf[this.pos++] = DELIMITER;
  }

  value(v: StoreValue): void {
    const text = valueText(v);
    const n = text.length;
    this.ensure(n * 3 + 1);
    this.mark();
    const buf = this.buf;
    let pos = this.pos;
    // UTF-8 encoded here rather than by Buffer#write: values are short, and a native call per value
    // cost more than the loop. A lone surrogate becomes U+FFFD, as Buffer#write makes it.
    for (let k = 0; k < n; k++) {
      let c = text.charCodeAt(k);
      if (c < 0x80) {
        if (c < 0x20) throw formatError();
        buf[pos++] = c;
      } else if (c < 0x800) {
        buf[pos++] = 0xc0 | (c >> 6);
        buf[pos++] = 0x80 | (c & 0x3f);
      } else {
        if (c >= 0xd800 && c <= 0xdfff) {
          const low = k + 1 < n ? text.charCodeAt(k + 1) : 0;
          if (c <= 0xdbff && low >= 0xdc00 && low <= 0xdfff) {
            const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
            buf[pos++] = 0xf0 | (point >> 18);
            buf[pos++] = 0x80 | ((point >> 12) & 0x3f);
            buf[pos++] = 0x80 | ((point >> 6) & 0x3f);
            buf[pos++] = 0x80 | (point & 0x3f);
            k++;
            continue;
          }
          c = 0xfffd;
        }
        buf[pos++] = 0xe0 | (c >> 12);
        buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
        buf[pos++] = 0x80 | (c & 0x3f);
      }
    }
    buf[pos++] = DELIMITER;
    this.pos = pos;
  }

  /** Appends a non-negative whole number (a row number) without making a string. */
  integer(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.value(n);
      return;
    }
    this.ensure(17);
    this.mark();
    const buf = this.buf;
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let pos = this.pos + digits;
    buf[pos] = DELIMITER;
    for (let rest = n, k = pos - 1; k >= this.pos; k--, rest = Math.floor(rest / 10)) buf[k] = 48 + (rest % 10);
    this.pos = pos + 1;
  }

  values(encoded: EncodedValues): void {
    const { bytes, offsets } = encoded;
    this.ensure(bytes.length);
    for (const offset of offsets) {
      if (this.count === this.starts.length) this.growStarts();
      this.starts[this.count++] = this.pos + offset;
    }
    this.copyIn(bytes, 0, bytes.length);
  }

  /** Copies bytes in at pos (room already ensured): short runs byte by byte, cheaper than a native call. */
  private copyIn(data: Buffer, start: number, end: number): void {
    const buf = this.buf;
    let pos = this.pos;
    if (end - start < 48) for (let k = start; k < end; k++) buf[pos++] = data[k];
    else pos += data.copy(buf, pos, start, end);
    this.pos = pos;
  }

  /** Whether the line's n-th value is NULL. */
  isNull(n: number): boolean {
    return this.buf[this.starts[n]] === DELIMITER;
  }

  /** Appends the n-th value of `other`'s current line (a family member's 学籍号 from the registry row). */
  copyValue(other: BulkLineWriter, n: number): void {
    const start = other.starts[n];
    let end = start;
    while (other.buf[end] !== DELIMITER) end++;
    this.bytes(other.buf, start, end);
  }

  private mark(): void {
    if (this.count === this.starts.length) this.growStarts();
    this.starts[this.count++] = this.pos;
  }

  private growStarts(): void {
    this.starts = doubled(this.starts);
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + bytes));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }

  private flush(): void {
    let written = 0;
    while (written < this.pos) written += writeSync(this.fd, this.buf, written, this.pos - written);
    this.pos = 0;
    this.lineStart = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * INSERT … SELECT FROM read_csv over the files, in their order, with the table's exact column types;
 * each row's source_file is `sources[n]` for the file number n its line ends with. One statement for
 * all files: a statement per file costs a commit each. `derived` columns are computed from each row.
 */
export function bulkLoadSql(table: string, rowColumns: StoreColumn[], files: string[], sources: string[], derived?: DerivedColumns): string {
  const types = [...rowColumns, { name: 'source_index', type: 'INTEGER' }].map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  const names = rowColumns.map((c) => quoteIdent(c.name)).join(', ');
  const derivedNames = derived ? derived.columns.map((c) => `, ${quoteIdent(c.name)}`).join('') : '';
  const derivedValues = derived ? derived.expressions.map((e) => `, ${e}`).join('') : '';
  const csv = `read_csv([${files.map(sqlString).join(', ')}], columns = {${types}},
    header = false, auto_detect = false, delim = '\x1f', quote = '', escape = '', nullstr = '', new_line = '\\n')`;
  return `INSERT INTO ${quoteIdent(table)} (${names}, source_file${derivedNames}) SELECT ${names}, [${sources.map(sqlString).join(', ')}][source_index + 1]${derivedValues}
    FROM ${derived ? `(SELECT *, ${derived.helpers} FROM ${csv})` : csv}`;
}
