/**
 * The stored columns of each input table (normalised value plus what lets a person trace it). Kept
 * apart from store.ts so that ingest workers need not load the DuckDB binding.
 */
import type { FieldSpec, TableSpec } from './input-tables.js';

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

/**
 * What a loader hands over for each row: every stored column except source_file (the same for every row
 * of a file, added when the file is loaded, bulk-csv.ts) and the derived columns (computed by that load).
 */
export function rowColumns(spec: TableSpec): StoreColumn[] {
  return tableColumns(spec).filter((c) => c.name !== 'source_file');
}

/** `derived`: the columns computed as the table is loaded (the registry's ID facts, id-facts.ts). */
export function tableColumns(spec: TableSpec, derived: StoreColumn[] = []): StoreColumn[] {
  const columns = [...spec.fields.flatMap(fieldColumns), ...SOURCE_COLUMNS];
  if (spec.name === 'family') columns.push({ name: 'origin', type: 'VARCHAR' });
  return [...columns, ...derived];
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

/** A SQL string literal (for file paths in COPY / read_csv, which take no parameters). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

