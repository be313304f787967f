/** CSV output for people who open it in Excel/WPS: UTF-8 with BOM, CRLF, formula-looking text kept as text. */
import { closeSync, createReadStream, createWriteStream, openSync, writeSync, type WriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

/** Text Excel would take for a formula: starting with = + - @, or a tab or CR. */
export const startsLikeFormula = (text: string): boolean => /^[=+\-@\t\r]/.test(text);

/** Such text gets a leading apostrophe in CSV. */
export function guardFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}

export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? guardFormula(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: unknown[]): string {
  return values.map(csvField).join(',') + '\r\n';
}

/** A CSV file for people: BOM and header, then the lines of CsvPartWriter files, appended in order. */
export class CsvWriter {
  private readonly stream: WriteStream;

  constructor(path: string, header: string[]) {
    this.stream = createWriteStream(path);
    this.stream.write('\uFEFF' + csvLine(header));
  }

  /** Appends the lines of a CsvPartWriter's file (a few MB at a time, however long it is). */
  async appendPart(path: string): Promise<void> {
    await pipeline(createReadStream(path, { highWaterMark: 1 << 20 }), this.stream, { end: false });
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.on('error', reject);
      this.stream.end(resolve);
    });
  }
}

/**
 * Lines of a CSV written apart (by an ingest thread) for a CsvWriter to append later: no BOM or header,
 * synchronous, buffered; the file is created with its first line.
 */
export class CsvPartWriter {
  private fd: number | undefined;
  private pending: string[] = [];
  private pendingLength = 0;

  constructor(private readonly path: string) {}

  write(values: unknown[]): void {
    const line = csvLine(values);
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= 1 << 18) this.flush();
  }

  private flush(): void {
    if (!this.pending.length) return;
    this.fd ??= openSync(this.path, 'w');
    writeSync(this.fd, this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }

  close(): void {
    this.flush();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}
