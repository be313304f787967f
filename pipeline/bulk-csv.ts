/**
 * Normalised rows on their way into DuckDB: written by the ingest workers as delimited text and
 * loaded in bulk with read_csv. This is much faster than appending value by value through the native
 * binding, and lets several threads parse at once.
 *
 * The format needs no quoting: fields are separated by U+001F and rows end in \n, and no stored
 * value can hold either (every field passes through cleanText, which turns control characters into
 * spaces or drops them). source_file, the one raw value, is not written: each line ends with the
 * number of its input file, which the load turns into the file's name. NULL is an empty field; an
 * empty string is never stored (normalisation makes it NULL).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { quoteIdent, sqlString, type StoreColumn, type StoreValue } from './store-columns.js';

/** Where a loader puts each normalised row: the values of rowColumns(spec), in order. */
export interface RowSink {
  append(values: StoreValue[]): void;
}

const DELIMITER = '\x1f';
const FLUSH_AT = 1 << 20;

export class BulkCsvWriter implements RowSink {
  private readonly fd: number;
  /** Lines waiting to be written; joined once per flush (appending to one long string builds a rope that is costly to flatten). */
  private lines: string[] = [];
  private pending = 0;
  rows = 0;

  private readonly lineEnd: string;

  /** `source` is the input file's number (see bulkLoadSql). */
  constructor(readonly path: string, source: number) {
    this.fd = openSync(path, 'w');
    this.lineEnd = `${DELIMITER}${source}`;
  }

  append(values: StoreValue[]): void {
    // join writes null as an empty field, booleans as true/false: what read_csv expects.
    const line = values.join(DELIMITER) + this.lineEnd;
    if (line.indexOf('\n') >= 0 || line.indexOf('\r') >= 0) throw new Error('bulk-load row holds a line break: a value escaped normalisation');
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

/**
 * INSERT … SELECT FROM read_csv over the files, in their order, with the table's exact column types;
 * each row's source_file is `sources[n]` for the file number n its line ends with. One statement for
 * all files: a statement per file costs a commit each.
 */
export function bulkLoadSql(table: string, rowColumns: StoreColumn[], files: string[], sources: string[]): string {
  const types = [...rowColumns, { name: 'source_index', type: 'INTEGER' }].map((c) => `${sqlString(c.name)}: ${sqlString(c.type)}`).join(', ');
  const names = rowColumns.map((c) => quoteIdent(c.name)).join(', ');
  return `INSERT INTO ${quoteIdent(table)} (${names}, source_file) SELECT ${names}, [${sources.map(sqlString).join(', ')}][source_index + 1]
    FROM read_csv([${files.map(sqlString).join(', ')}], columns = {${types}},
    header = false, auto_detect = false, delim = '\x1f', quote = '', escape = '', nullstr = '', new_line = '\\n')`;
}
