/**
 * Streaming CSV reader (RFC 4180 quoting, CRLF/LF/CR, comma/tab/semicolon detected from the first
 * line) over any of the encodings text-decoding.ts knows. Row numbers are record numbers, which is
 * the row a person sees when Excel opens the file.
 *
 * Each chunk is decoded, then parsed as UTF-8 bytes: a row hands the loader where each cell's bytes lie
 * (CsvRow), so a clean value is copied into the bulk-load file without becoming a string, as from a
 * workbook. A string per cell, encoded back to UTF-8 for the load, had made GB18030 CSVs the slowest input.
 */
import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { readHead } from './file-kind.js';
import type { CellBytes, RowCells } from './row-cells.js';
import { utf8Slice } from './shared-strings.js';
import { doubled } from './typed-arrays.js';
import { createChunkDecoder, declaredEncoding, multibyteEncoding, type TextEncodingName } from './text-decoding.js';

/** `problem` is set for a record that cannot be trusted (a quote never closed). The row is valid during the call only. */
export type CsvRowSink = (row: RowCells, rowNumber: number, problem?: string) => void;

export interface CsvInfo {
  encoding: TextEncodingName;
  delimiter: string;
}

export class CsvError extends Error {}

/** Longest record (in UTF-8 bytes) held while waiting for its end. */
const MAX_RECORD_BYTES = 16 * 1024 * 1024;

const QUOTE = 34;
const LF = 10;
const CR = 13;

/** `onEncoding` hears the encoding (given, or detected) before the first row. */
export async function readCsv(path: string, onRow: CsvRowSink, options: { encoding?: TextEncodingName; onEncoding?: (encoding: TextEncodingName) => void } = {}): Promise<CsvInfo> {
  const declared = declaredEncoding(await readHead(path, SNIFF_BYTES));
  const encoding = options.encoding ?? declared?.encoding ?? await firstMultibyteEncoding(path);
  const bomLength = declared && declared.encoding === encoding ? declared.bomLength : 0;
  options.onEncoding?.(encoding);
  const decoder = createChunkDecoder(encoding);

  const parser = new CsvParser(onRow);
  for await (const chunk of createReadStream(path, { start: bomLength, highWaterMark: 1 << 20 })) {
    parser.feed(Buffer.from(decoder.write(chunk as Buffer), 'utf8'));
  }
  parser.feed(Buffer.from(decoder.end(), 'utf8'));
  parser.end();
  return { encoding, delimiter: String.fromCharCode(parser.delimiter ?? 44) };
}

/** Bytes the encoding is judged on, from the file's first non-ASCII byte. */
const SNIFF_BYTES = 64 * 1024;

/**
 * The encoding of a file without a BOM, judged on its first non-ASCII bytes however far into the file
 * they are (a GB18030 export may open with thousands of ASCII-only rows); UTF-8 for ASCII only.
 */
async function firstMultibyteEncoding(path: string): Promise<'utf-8' | 'gb18030'> {
  const fh = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let at = 0; ;) {
      const { bytesRead } = await fh.read(buffer, 0, buffer.length, at);
      if (bytesRead === 0) return 'utf-8';
      const chunk = buffer.subarray(0, bytesRead);
      if (!isAscii(chunk)) {
        let k = 0;
        while (chunk[k] < 0x80) k++;
        const window = Buffer.alloc(SNIFF_BYTES);
        const { bytesRead: n } = await fh.read(window, 0, SNIFF_BYTES, at + k);
        return multibyteEncoding(window.subarray(0, n));
      }
      at += bytesRead;
    }
  } finally {
    await fh.close();
  }
}

// How a cell's bytes are to be read.
const PLAIN = 0; // the bytes are the text
const QUOTED = 1; // from an opening quote: "" pairs, text after the closing quote, or no closing quote

/** One record as positions in the parser's buffer; texts decoded on demand, once. */
class CsvRow implements RowCells {
  length = 0;
  private data: Buffer = Buffer.alloc(0);
  private current = 0;
  private kind = new Uint8Array(64);
  private start = new Int32Array(64);
  private end = new Int32Array(64);
  private decodedStamp = new Uint32Array(64);
  private decoded: string[] = [];

  begin(data: Buffer): void {
    this.data = data;
    this.length = 0;
    this.current++;
  }

  push(kind: number, start: number, end: number): void {
    const col = this.length++;
    if (col === this.kind.length) this.grow();
    this.kind[col] = kind;
    this.start[col] = start;
    this.end[col] = end;
  }

  text(col: number): string {
    if (col >= this.length) return '';
    if (this.decodedStamp[col] === this.current) return this.decoded[col];
    const raw = utf8Slice(this.data, this.start[col], this.end[col]);
    const text = this.kind[col] === PLAIN ? raw : unquote(raw);
    this.decodedStamp[col] = this.current;
    this.decoded[col] = text;
    return text;
  }

  isNumber(): boolean {
    return false;
  }

  sharedIndex(): number {
    return -1;
  }

  bytes(col: number, out: CellBytes): boolean {
    out.data = this.data;
    if (col >= this.length) {
      out.start = out.end = 0;
      return true;
    }
    if (this.kind[col] !== PLAIN) return false;
    out.start = this.start[col];
    out.end = this.end[col];
    return true;
  }

  private grow(): void {
    this.kind = doubled(this.kind);
    this.start = doubled(this.start);
    this.end = doubled(this.end);
    this.decodedStamp = doubled(this.decodedStamp);
  }
}

/**
 * The text of a field that opens with a quote: up to the closing quote with "" read as ", then
 * whatever follows the closing quote as it is (Excel's reading of `"ab"cd`); no closing quote: to the end.
 */
export function unquote(raw: string): string {
  let text = '';
  let i = 1;
  for (;;) {
    const q = raw.indexOf('"', i);
    if (q < 0) return text + raw.slice(i);
    text += raw.slice(i, q);
    if (raw.charCodeAt(q + 1) === QUOTE) {
      text += '"';
      i = q + 2;
    } else {
      return text + raw.slice(q + 1);
    }
  }
}

/** Parses UTF-8 bytes fed in any pieces; a record cut by a piece's end is parsed again once it is whole. */
export class CsvParser {
  delimiter: number | undefined;
  private readonly row = new CsvRow();
  /** Bytes of a record not yet ended (or, before the delimiter is known, of the first line). */
  private carry: Buffer = Buffer.alloc(0);
  private recordNumber = 0;
  /** The last record ended with CR: a LF at the start of the next piece belongs to it. */
  private pendingCR = false;

  constructor(private readonly onRow: CsvRowSink) {}

  feed(piece: Buffer): void {
    let data = this.carry.length ? Buffer.concat([this.carry, piece]) : piece;
    this.carry = Buffer.alloc(0);
    let i = 0;
    if (this.pendingCR && data.length) {
      this.pendingCR = false;
      if (data[0] === LF) i = 1;
    }
    if (this.delimiter === undefined) {
      const nl = lineEnd(data, i);
      if (nl === data.length && data.length - i < 1 << 20) { this.hold(data, i); return; }
      this.delimiter = pickDelimiter(utf8Slice(data, i, nl));
    }
    for (;;) {
      const next = this.record(data, i, false);
      if (next < 0) break;
      i = next;
    }
    if (i < data.length) {
      if (data.length - i > MAX_RECORD_BYTES) throw new CsvError(`第${this.recordNumber + 1}行 超过 16 MB 上限（引号未闭合或文件损坏）`);
      this.hold(data, i);
    }
  }

  /** Keeps data[from…] for the next piece: a copy, as the caller may reuse the buffer it fed. */
  private hold(data: Buffer, from: number): void {
    this.carry = Buffer.from(data.subarray(from));
  }

  end(): void {
    const data = this.carry;
    this.carry = Buffer.alloc(0);
    if (this.delimiter === undefined) this.delimiter = pickDelimiter(utf8Slice(data, 0, lineEnd(data, 0)));
    let i = 0;
    while (i < data.length) {
      const next = this.record(data, i, true);
      if (next < 0) break;
      i = next;
    }
  }

  /**
   * Parses the record starting at `from` and passes it on; returns where the next one starts, or -1
   * when the data ends first (unless `final`: then the record ends with the data).
   */
  private record(data: Buffer, from: number, final: boolean): number {
    const d = this.delimiter!;
    const to = data.length;
    if (from >= to) return -1;
    const row = this.row;
    row.begin(data);
    let i = from;
    /** The first field holding a control character, or -1. */
    let control = -1;
    for (;;) {
      const fieldStart = i;
      let kind = PLAIN;
      let contentStart = i;
      if (data[i] === QUOTE) {
        // Quoted: find the closing quote, past "" pairs (which are text); a quote that is the last byte
        // cannot be told from the first of a pair until more comes.
        kind = QUOTED;
        let j = i + 1;
        let closed = false;
        let plain = true;
        for (;;) {
          const q = data.indexOf(QUOTE, j);
          if (q < 0 || (q + 1 >= to && !final)) break;
          if (q + 1 < to && data[q + 1] === QUOTE) { plain = false; j = q + 2; continue; }
          closed = true;
          i = q + 1;
          // The usual case, "text" then a delimiter or line end: the bytes between the quotes are the text.
          if (plain && (i >= to || data[i] === d || data[i] === LF || data[i] === CR)) { kind = PLAIN; contentStart = fieldStart + 1; }
          break;
        }
        if (closed && control < 0 && hasControl(data, fieldStart + 1, i - 1)) control = row.length;
        if (!closed) {
          if (!final) return -1;
          // A quote never closed: the field runs to the end of the data, as Excel would read it.
          row.push(QUOTED, fieldStart, to);
          this.emit('引号未闭合（从此行起到文件末尾的内容都在一个引号内）');
          return to;
        }
      }
      let c = 0;
      while (i < to && (c = data[i]) !== d && c !== LF && c !== CR) {
        if (c < 32 && c !== 9 && control < 0) control = row.length;
        i++;
      }
      if (i >= to && !final) return -1;
      row.push(kind, contentStart, kind === PLAIN && contentStart !== fieldStart ? i - 1 : i);
      if (i >= to) {
        this.emit(controlProblem(control));
        return to;
      }
      const b = data[i++];
      if (b === d) continue;
      if (b === CR) {
        if (i < to) { if (data[i] === LF) i++; }
        else this.pendingCR = true;
      }
      this.emit(controlProblem(control));
      return i;
    }
  }

  private emit(problem: string | undefined): void {
    this.onRow(this.row, ++this.recordNumber, problem);
  }
}

/**
 * A C0 control character other than tab, CR and LF in a field is no text a person typed: NUL and the
 * like come from a damaged file or a wrong encoding, and the row is rejected rather than guessed at.
 */
const controlProblem = (col: number): string | undefined => (col < 0 ? undefined : `第${col + 1}列含控制字符（如 NUL），可能是文件损坏或编码不对`);

function hasControl(data: Buffer, from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const b = data[k];
    if (b < 32 && b !== 9 && b !== LF && b !== CR) return true;
  }
  return false;
}

/** Where the line starting at `from` ends (its CR or LF), or the data's length. */
function lineEnd(data: Buffer, from: number): number {
  let nl = from;
  while (nl < data.length && data[nl] !== LF && data[nl] !== CR) nl++;
  return nl;
}

function pickDelimiter(line: string): number {
  const counts = { ',': 0, '\t': 0, ';': 0 } as Record<string, number>;
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && ch in counts) counts[ch]++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
  return (best[1] > 0 ? best[0] : ',').charCodeAt(0);
}
