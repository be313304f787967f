/**
 * The registry's ID facts, computed by DuckDB as the registry is loaded: whether a record's ID is a
 * 居民身份证 number to check, and why it is not a valid GB 11643 number (macros in rules/macros.sql).
 * Computed once there, rules read them through the `student` view, which therefore need not copy the
 * registry. The reason depends on the campaign's 核查基准日 (a birth date after it is invalid).
 */
import { sqlString, type StoreColumn } from './store-columns.js';

/** Columns a table gets from SQL over its loaded row rather than from the input file. */
export interface DerivedColumns {
  columns: StoreColumn[];
  /** Select items computed once per row before the columns' expressions (which may use them). */
  helpers: string;
  /** One SQL expression per column, over the loaded columns and the helpers. */
  expressions: string[];
}

export function idFacts(asOf: string): DerivedColumns {
  return {
    columns: [{ name: 'id_checked', type: 'BOOLEAN' }, { name: 'id_invalid_reason', type: 'VARCHAR' }],
    // Each computed once per row: whether the ID is checked, its first 17 digits as one number (the
    // check digit is integer arithmetic on it) and the birth date in it.
    helpers: 'id_number IS NOT NULL AND id_is_resident(id_type) AS checked, TRY_CAST(substr(id_number, 1, 17) AS BIGINT) AS digits17, id_birth(id_number) AS birth_in_id',
    expressions: ['checked', `CASE WHEN checked THEN id_problem(id_number, digits17, birth_in_id, id_number_excel_damaged, DATE ${sqlString(asOf)}) END`],
  };
}
