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

/**
 * The stored columns of one field: the normalised value, plus what lets a person trace it: for a date,
 * grade, sex or status, `<column>_raw` holds the cell's cleaned text when normalisation could not read it
 * (a status not among the known ones also stays in `status`), NULL when it could or the cell was empty:
 * VALUE_UNREADABLE and the unreadable_value warnings read it.
 */
export function fieldColumns(field: FieldSpec): StoreColumn[] {
  const raw: StoreColumn = { name: `${field.column}_raw`, type: 'VARCHAR' };
  switch (field.kind) {
    case 'id':
      return [{ name: field.column, type: 'VARCHAR' }, { name: `${field.column}_excel_damaged`, type: 'BOOLEAN' }];
    case 'date':
      return [{ name: field.column, type: 'DATE' }, raw];
    case 'grade':
      return [{ name: field.column, type: 'INTEGER' }, raw];
    case 'sex':
    case 'status':
      return [{ name: field.column, type: 'VARCHAR' }, raw];
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
 * Which columns each input file had: a rule judges a record only on columns its own file has (see
 * file_column in rules/prelude.sql). Inline 成员N columns are listed under table 'family' for the
 * registry file; file_input is the campaign input the file was given as (registry for that file).
 */
export const SOURCE_COLUMNS_TABLE: StoreColumn[] = [
  { name: 'table_name', type: 'VARCHAR' },
  { name: 'source_file', type: 'VARCHAR' },
  { name: 'column_name', type: 'VARCHAR' },
  { name: 'file_input', type: 'VARCHAR' },
];

/** A SQL string literal (for file paths in COPY / read_csv, which take no parameters). */
export function sqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

