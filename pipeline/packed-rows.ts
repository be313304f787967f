/**
 * Many rows at once. The binding converts a result value by value (~2 µs each: seconds for a city's
 * 100k findings); DuckDB instead packs each group's rows into one string (fields split by U+001F,
 * rows by U+001E, NULL as U+001D) that JS splits. Those three characters are blanked in the values.
 * Apart from store.ts, so that importing it does not load the DuckDB binding.
 */
const FIELD = '\x1f';
const ROW = '\x1e';
const NULL_MARK = '\x1d';

/** SQL aggregate: the group's rows of `columns` as one packed string, in `order`. */
export function packedRowsSql(columns: string[], order: string): string {
  const fields = columns.map((c) => `coalesce(translate(CAST(${c} AS VARCHAR), chr(29) || chr(30) || chr(31), '   '), chr(29))`);
  return `string_agg(concat_ws(chr(31), ${fields.join(', ')}), chr(30) ORDER BY ${order})`;
}

/** The rows of a packedRowsSql string; every value text or null. */
export function unpackRows(packed: string | null): (string | null)[][] {
  if (!packed) return [];
  return packed.split(ROW).map((line) => line.split(FIELD).map((v) => (v === NULL_MARK ? null : v)));
}
