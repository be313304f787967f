/**
 * The DuckDB store: one database file under the out dir holding the normalised input tables (and,
 * later, findings). Opened with extension autoloading off: nothing may be downloaded.
 */
import { DuckDBInstance, DuckDBDateValue, type DuckDBConnection, type DuckDBAppender } from '@duckdb/node-api';
import { TABLES, type FieldSpec, type TableSpec } from './input-tables.js';

export type StoreType = 'VARCHAR' | 'INTEGER' | 'DATE' | 'BOOLEAN';
export interface StoreColumn {
  name: string;
  type: StoreType;
}
export type StoreValue = string | number | boolean | null;

export const SOURCE_COLUMNS: StoreColumn[] = [
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'source_row', type: 'INTEGER' },
];

/** The stored columns of one field: the normalised value, plus what lets a person trace it. */
export function fieldColumns(field: FieldSpec): StoreColumn[] {
  switch (field.kind) {
    case 'id':
      return [{ name: field.column, type: 'VARCHAR' }, { name: `${field.column}_excel_damaged`, type: 'BOOLEAN' }];
    case 'date':
      return [{ name: field.column, type: 'DATE' }, { name: `${field.column}_raw`, type: 'VARCHAR' }];
    case 'grade':
      return [{ name: field.column, type: 'INTEGER' }, { name: `${field.column}_raw`, type: 'VARCHAR' }];
    case 'count':
      return [{ name: field.column, type: 'INTEGER' }];
    default:
      return [{ name: field.column, type: 'VARCHAR' }];
  }
}

export function tableColumns(spec: TableSpec): StoreColumn[] {
  const columns = [...spec.fields.flatMap(fieldColumns), ...SOURCE_COLUMNS];
  if (spec.name === 'family') columns.push({ name: 'origin', type: 'VARCHAR' });
  return columns;
}

/**
 * Which columns each input file had: a rule that must not judge a column a file lacks (照片,
 * 是否监护人) looks here. Inline 成员N columns are listed under table 'family' for the registry file.
 */
export const SOURCE_COLUMNS_TABLE: StoreColumn[] = [
  { name: 'table_name', type: 'VARCHAR' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'column_name', type: 'VARCHAR' },
];

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

export interface StoreOptions {
  memoryLimit?: string;
  tempDirectory?: string;
  threads?: number;
}

export class Store {
  private constructor(
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
  ) {}

  static async open(path: string, options: StoreOptions = {}): Promise<Store> {
    const config: Record<string, string> = {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    return new Store(instance, connection);
  }

  /** Every input table (empty when the campaign has no such input) and `source_columns`. */
  async createInputTables(): Promise<void> {
    for (const spec of TABLES) {
      const cols = tableColumns(spec).map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
      await this.connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(spec.name)} (${cols})`);
    }
    const cols = SOURCE_COLUMNS_TABLE.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE source_columns (${cols})`);
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** Rows as plain JS objects (BigInt counts become numbers, dates ISO strings). */
  async query<T = Record<string, unknown>>(sql: string, params?: Record<string, string | number>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as unknown as T[];
  }

  async appender(table: string, columns: StoreColumn[]): Promise<TableAppender> {
    return new TableAppender(await this.connection.createAppender(table), columns);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

const DAY_MS = 86_400_000;

/** Appends rows whose values are already normalised, in the table's column order. */
export class TableAppender {
  rows = 0;

  constructor(
    private readonly appender: DuckDBAppender,
    private readonly columns: StoreColumn[],
  ) {}

  append(values: StoreValue[]): void {
    const a = this.appender;
    for (let i = 0; i < this.columns.length; i++) {
      const v = values[i];
      if (v === null || v === undefined) { a.appendNull(); continue; }
      switch (this.columns[i].type) {
        case 'VARCHAR': a.appendVarchar(String(v)); break;
        case 'INTEGER': a.appendInteger(Number(v)); break;
        case 'BOOLEAN': a.appendBoolean(Boolean(v)); break;
        case 'DATE': a.appendDate(new DuckDBDateValue(Math.round(Date.parse(`${v}T00:00:00Z`) / DAY_MS))); break;
      }
    }
    a.endRow();
    this.rows++;
  }

  close(): void {
    this.appender.flushSync();
    this.appender.closeSync();
  }
}
