/**
 * The DuckDB store holding the normalised input tables (and, later, findings): in memory, or a database
 * file under the out dir with --store. Opened with extension autoloading off: nothing may be downloaded.
 */
import { DuckDBInstance, DuckDBDateValue, type DuckDBConnection, type DuckDBAppender, type DuckDBResult, type Json } from '@duckdb/node-api';
import { TABLES, type InputName } from '../load/input-tables.js';
import type { DerivedColumns } from '../load/id-facts.js';
import { SOURCE_COLUMNS_TABLE, quoteIdent, tableColumns, type StoreColumn, type StoreValue } from '../load/store-columns.js';

export * from '../load/store-columns.js';

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
      // Rows may be stored and scanned in any order: a city's bulk load takes a quarter less time. Nothing
      // may rely on table order: every query whose order reaches an output says ORDER BY, down to a unique key.
      preserve_insertion_order: 'false',
    };
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    if (options.threads) config.threads = String(options.threads);
    const instance = await DuckDBInstance.create(path, config);
    const connection = await instance.connect();
    return new Store(instance, connection);
  }

  /**
   * Every input table (empty when the campaign has no such input), with the columns `derived` adds to
   * some as they are loaded, and `source_columns`.
   */
  async createInputTables(derived: Partial<Record<InputName, DerivedColumns>> = {}): Promise<void> {
    for (const spec of TABLES) {
      const cols = tableColumns(spec, derived[spec.name]?.columns).map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
      await this.connection.run(`CREATE OR REPLACE TABLE ${quoteIdent(spec.name)} (${cols})`);
    }
    const cols = SOURCE_COLUMNS_TABLE.map((c) => `${quoteIdent(c.name)} ${c.type}`).join(', ');
    await this.connection.run(`CREATE OR REPLACE TABLE source_columns (${cols})`);
  }

  /** Another connection to the same database (rules run side by side on several). Close it when done. */
  async connect(): Promise<DuckDBConnection> {
    return this.instance.connect();
  }

  async run(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  /** A statement on a connection of its own, so that it can run beside others; the number of rows it changed (or wrote). */
  async runApart(sql: string): Promise<number> {
    const connection = await this.instance.connect();
    try {
      return Number((await connection.run(sql)).rowsChanged);
    } finally {
      connection.closeSync();
    }
  }

  /**
   * A query on a connection of its own whose rows are read a batch (one DuckDB chunk, at most 2048 rows)
   * at a time, so that a large result never sits whole in JS. Close the stream when done.
   */
  async streamApart<T = Record<string, unknown>>(sql: string): Promise<RowStream<T>> {
    const connection = await this.instance.connect();
    try {
      return new RowStream<T>(await connection.stream(sql), connection);
    } catch (e) {
      connection.closeSync();
      throw e;
    }
  }

  /**
   * Rows as plain JS objects (dates ISO strings). The binding converts value by value (~2 µs each):
   * for many rows, pack them in SQL (packed-rows.ts) and stream them (streamApart).
   */
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

/**
 * The rows of a streamed query, one batch ahead: the next batch is fetched (and the query run as far as
 * it needs) while the current one is used.
 */
export class RowStream<T> {
  private readonly batches: AsyncIterator<Record<string, Json>[]>;
  private ahead: Promise<T[] | null>;

  constructor(result: DuckDBResult, private readonly connection: DuckDBConnection) {
    this.batches = result.yieldRowObjectJson()[Symbol.asyncIterator]();
    this.ahead = this.fetch();
  }

  private fetch(): Promise<T[] | null> {
    const batch = this.batches.next().then((r) => (r.done ? null : (r.value as unknown as T[])));
    batch.catch(() => {}); // met where it is awaited
    return batch;
  }

  /** The next batch of rows; null once all are read. */
  async next(): Promise<T[] | null> {
    const batch = await this.ahead;
    if (batch) this.ahead = this.fetch();
    return batch;
  }

  /** Closes the connection, once no fetch is running on it (closing beside a running statement can block). */
  async close(): Promise<void> {
    await this.ahead.catch(() => undefined);
    this.connection.closeSync();
  }
}

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
