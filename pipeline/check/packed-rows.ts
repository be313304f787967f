/**
 * Many rows at once. The binding converts a result value by value (~2 µs each: seconds for a city's
 * 100k findings); DuckDB instead packs each row into one string (fields split by U+001F, NULL as U+001D),
 * which JS joins into groups (rows split by U+001E) and splits where they are used. Those three
 * characters are blanked in the values. Apart from store.ts, so that importing it does not load the
 * DuckDB binding.
 */
const FIELD = '\x1f';
const ROW = '\x1e';
const NULL_MARK = '\x1d';

/** SQL expression: the row's `columns` as one packed line. */
export function packedRowSql(columns: string[]): string {
  const fields = columns.map((c) => `coalesce(translate(CAST(${c} AS VARCHAR), chr(29) || chr(30) || chr(31), '   '), chr(29))`);
  return `concat_ws(chr(31), ${fields.join(', ')})`;
}

/** Packed lines (packedRowSql) as one packed string of rows. */
export function joinPackedRows(lines: string[]): string {
  return lines.join(ROW);
}

/** The rows of a joinPackedRows string; every value text or null. */
export function unpackRows(packed: string | null): (string | null)[][] {
  if (!packed) return [];
  return packed.split(ROW).map((line) => line.split(FIELD).map((v) => (v === NULL_MARK ? null : v)));
}
