/** CSV output for people who open it in Excel/WPS: UTF-8 with BOM, CRLF, formula-looking text kept as text. */
import { createWriteStream, type WriteStream } from 'node:fs';

/** Text Excel would run as a formula (= + - @, or a leading tab/CR) gets a leading apostrophe. */
export function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
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
