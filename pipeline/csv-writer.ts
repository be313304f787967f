/** CSV output for people who open it in Excel/WPS: UTF-8 with BOM, CRLF, formula-looking text kept as text. */
import { createWriteStream, type WriteStream } from 'node:fs';

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

export class CsvWriter {
  private readonly stream: WriteStream;
  rows = 0;

  constructor(path: string, header: string[]) {
    this.stream = createWriteStream(path);
    this.stream.write('\uFEFF' + csvLine(header));
  }

  write(values: unknown[]): void {
    this.stream.write(csvLine(values));
    this.rows++;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.on('error', reject);
      this.stream.end(resolve);
    });
  }
}
