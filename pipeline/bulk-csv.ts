/**
 * Normalised rows on their way into DuckDB: written by the ingest workers as CSV (NULL as an empty
 * field, text always quoted) and loaded in bulk with read_csv. This is much faster than appending
 * value by value through the native binding, and lets several threads parse at once.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { quoteIdent, sqlString, type StoreColumn, type StoreValue } from './store-columns.js';

/** Where a loader puts each normalised row. */
export interface RowSink {
  append(values: StoreValue[]): void;
}

const FLUSH_AT = 1 << 20;

export class BulkCsvWriter implements RowSink {
  private readonly fd: number;
  /** Lines waiting to be written; joined once per flush (appending to one long string builds a rope that is costly to flatten). */
  private lines: string[] = [];
  private pending = 0;
  private readonly quoted: boolean[];
  rows = 0;

  constructor(readonly path: string, private readonly columns: StoreColumn[]) {
    this.fd = openSync(path, 'w');
    this.quoted = columns.map((c) => c.type === 'VARCHAR');
  }

  append(values: StoreValue[]): void {
    const fields = new Array<string>(this.columns.length);
    for (let i = 0; i < fields.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) fields[i] = '';
      else if (this.quoted[i]) {
        const text = String(v);
        fields[i] = text.indexOf('"') < 0 ? `"${text}"` : `"${text.replace(/"/g, '""')}"`;
      } else fields[i] = String(v);
    }
    const line = fields.join(',');
    this.lines.push(line);
    this.pending += line.length;
    this.rows++;
    if (this.pending > FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.lines.length) writeSync(this.fd, `${this.lines.join('\n')}\n`);
    this.lines = [];
    this.pending = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/** INSERT … SELECT FROM read_csv over the files, in their order, with the table's exact column types. */
export function bulkLoadSql(table: string, columns: StoreColumn[], files: string[]): string {
  const types = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  return `INSERT INTO ${quoteIdent(table)} SELECT * FROM read_csv([${files.map(sqlString).join(', ')}], columns = {${types}},
    header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, new_line = '\\n')`;
}
