/**
 * Normalised rows on their way into DuckDB: written by the ingest workers as CSV (NULL as an empty
 * field, text always quoted) and loaded in bulk with read_csv. This is much faster than appending
 * value by value through the native binding, and lets several threads parse at once.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { quoteIdent, type StoreColumn, type StoreValue } from './store-columns.js';

/** Where a loader puts each normalised row. */
export interface RowSink {
  append(values: StoreValue[]): void;
}

const FLUSH_AT = 1 << 20;

export class BulkCsvWriter implements RowSink {
  private readonly fd: number;
  private buffer = '';
  rows = 0;

  constructor(readonly path: string, private readonly columns: StoreColumn[]) {
    this.fd = openSync(path, 'w');
  }

  append(values: StoreValue[]): void {
    let line = '';
    for (let i = 0; i < this.columns.length; i++) {
      const v = values[i];
      if (i) line += ',';
      if (v === null || v === undefined) continue;
      line += this.columns[i].type === 'VARCHAR' ? `"${String(v).replace(/"/g, '""')}"` : String(v);
    }
    this.buffer += `${line}\n`;
    this.rows++;
    if (this.buffer.length > FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** INSERT … SELECT FROM read_csv over the files, in their order, with the table's exact column types. */
export function bulkLoadSql(table: string, columns: StoreColumn[], files: string[]): string {
  const types = columns.map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  return `INSERT INTO ${quoteIdent(table)} SELECT * FROM read_csv([${files.map(sqlString).join(', ')}], columns = {${types}},
    header = false, auto_detect = false, delim = ',', quote = '"', escape = '"', nullstr = '', allow_quoted_nulls = false, new_line = '\\n')`;
}
