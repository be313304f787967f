/**
 * Streaming CSV reader (RFC 4180 quoting, CRLF/LF/CR, comma/tab/semicolon detected from the first
 * line) over any of the encodings text-decoding.ts knows. Row numbers are record numbers, which is
 * the row a person sees when Excel opens the file.
 */
import { createReadStream } from 'node:fs';
import { readHead } from './file-kind.js';
import { createChunkDecoder, detectEncoding, type TextEncodingName } from './text-decoding.js';

/** `problem` is set for a record that cannot be trusted (a quote never closed). */
export type CsvRowSink = (cells: string[], rowNumber: number, problem?: string) => void;

export interface CsvInfo {
  encoding: TextEncodingName;
  delimiter: string;
}

export class CsvError extends Error {}

const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export async function readCsv(path: string, onRow: CsvRowSink, options: { encoding?: TextEncodingName } = {}): Promise<CsvInfo> {
  const detected = detectEncoding(await readHead(path, 64 * 1024));
  const encoding = options.encoding ?? detected.encoding;
  const bomLength = options.encoding && options.encoding !== detected.encoding ? 0 : detected.bomLength;
  const decoder = createChunkDecoder(encoding);

  const parser = new CsvParser(onRow);
  for await (const chunk of createReadStream(path, { start: bomLength, highWaterMark: 1 << 20 })) {
    parser.feed(decoder.write(chunk as Buffer));
  }
  parser.feed(decoder.end());
  parser.end();
  return { encoding, delimiter: String.fromCharCode(parser.delimiter ?? 44) };
}

class CsvParser {
  delimiter: number | undefined;
  private field = '';
  private record: string[] = [];
  private inQuotes = false;
  /** After a closing quote, until the next delimiter or newline. */
  private afterQuote = false;
  private recordNumber = 0;
  private recordChars = 0;
  private pendingCR = false;
  /** Text held back: the first line until the delimiter is known, or a quote ending a chunk. */
  private carry = '';

  constructor(private readonly onRow: CsvRowSink) {}

  feed(chunk: string): void {
    let text = this.carry + chunk;
    this.carry = '';
    if (this.delimiter === undefined) {
      const nl = text.search(/[\r\n]/);
      if (nl < 0 && text.length < 1 << 20) { this.carry = text; return; }
      this.delimiter = pickDelimiter(nl < 0 ? text : text.slice(0, nl));
    }
    const d = this.delimiter;
    let start = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (this.pendingCR) {
        this.pendingCR = false;
        if (c === 10) { start = i + 1; continue; }
      }
      if (this.inQuotes) {
        if (c !== 34) continue;
        if (i + 1 === n) {
          // A quote ending the chunk: "" or a closing quote? Decide with the next chunk.
          this.field += text.slice(start, i);
          this.carry = '"';
          this.checkLength(n - start);
          return;
        }
        this.field += text.slice(start, i);
        if (text.charCodeAt(i + 1) === 34) { this.field += '"'; i++; }
        else { this.inQuotes = false; this.afterQuote = true; }
        start = i + 1;
        continue;
      }
      if (c === d || c === 10 || c === 13) {
        this.field += text.slice(start, i);
        this.endField();
        if (c !== d) {
          this.emit(undefined);
          if (c === 13) this.pendingCR = true;
        }
        start = i + 1;
      } else if (c === 34 && i === start && this.field === '' && !this.afterQuote) {
        this.inQuotes = true;
        start = i + 1;
      }
    }
    this.field += text.slice(start);
    this.checkLength(n - start);
  }

  end(): void {
    if (this.delimiter === undefined) {
      const line = this.carry;
      this.carry = '';
      this.delimiter = pickDelimiter(line);
      this.feed(line);
    }
    if (this.carry === '"') {
      this.carry = '';
      this.inQuotes = false;
      this.afterQuote = true;
    }
    if (this.inQuotes) {
      this.endField();
      this.emit('引号未闭合（从此行起到文件末尾的内容都在一个引号内）');
      return;
    }
    if (this.field !== '' || this.record.length > 0) {
      this.endField();
      this.emit(undefined);
    }
  }

  private checkLength(added: number): void {
    this.recordChars += added;
    if (this.recordChars > MAX_RECORD_CHARS) throw new CsvError(`第${this.recordNumber + 1}行 超过 16M 字符上限（引号未闭合或文件损坏）`);
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
    this.afterQuote = false;
  }

  private emit(problem: string | undefined): void {
    this.recordNumber++;
    const record = this.record;
    this.record = [];
    this.recordChars = 0;
    this.onRow(record, this.recordNumber, problem);
  }
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
