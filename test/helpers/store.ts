/** Reads a finished run's DuckDB store in a test. */
import { DuckDBInstance } from '@duckdb/node-api';

export async function queryStore<T = Record<string, unknown>>(path: string, sql: string): Promise<T[]> {
  const db = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY', autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(sql)).getRowObjectsJson() as unknown as T[];
  } finally {
    c.closeSync();
    db.closeSync();
  }
}
