/**
 * findings.csv (UTF-8 with BOM, CRLF, for Excel/WPS), findings.parquet and continuation.csv, written
 * by DuckDB itself: no row passes through JS (the binding converts values one by one, ~2 µs each).
 * Text that Excel would take for a formula gets a leading apostrophe, as everywhere in our CSV.
 * Each file is written on a connection of its own, so that they can be written side by side.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { join } from 'node:path';
import { settleAll } from '../settle-all.js';
import { sqlString } from '../load/store-columns.js';
import type { Store } from './store.js';

export const FINDING_COLUMNS = ['rule', 'severity', 'district', 'school_code', 'school_name', 'grade', 'student_key', 'student_name', 'detail', 'source_file', 'source_row', 'title', 'finding_id', 'follow_up'] as const;
const NUMBER_COLUMNS = new Set(['grade', 'source_row']);

/** Stable order: by school, grade, pupil, rule, then the row that holds it (and the detail, should a rule report a row twice). */
export const FINDINGS_ORDER = 'ORDER BY school_code NULLS LAST, grade NULLS LAST, student_key NULLS LAST, rule, source_file, source_row, detail';

/** The first characters that make Excel read text as a formula (csv-writer.ts's startsLikeFormula, in SQL). */
const FORMULA_STARTS = "('=', '+', '-', '@', chr(9), chr(13))";

/** The column as CSV text for Excel: formula-looking text (= + - @, tab, CR first) apostrophe-guarded. */
function guarded(column: string): string {
  return `CASE WHEN left(${column}, 1) IN ${FORMULA_STARTS} THEN '''' || ${column} ELSE ${column} END AS ${column}`;
}

/** The text as it was before guarded(): for reading back a CSV this module wrote (a previous run's). */
export function unguardedSql(column: string): string {
  return `CASE WHEN left(${column}, 1) = '''' AND substr(${column}, 2, 1) IN ${FORMULA_STARTS} THEN substr(${column}, 2) ELSE ${column} END`;
}

/**
 * Writes the rows of `select` (whose columns are `columns`; all text but `numbers`) as a CSV with BOM and
 * header; returns the number of rows.
 */
export async function copyCsv(store: Store, select: string, columns: readonly string[], numbers: Set<string>, path: string): Promise<number> {
  const body = `${path}.body`;
  const list = columns.map((c) => (numbers.has(c) ? c : guarded(c))).join(', ');
  const rows = await store.runApart(`COPY (SELECT ${list} FROM (${select})) TO ${sqlString(body)}
    (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', ESCAPE '"', NULLSTR '', NEW_LINE '\r\n')`);
  const out = createWriteStream(path);
  out.write('\uFEFF');
  await pipeline(createReadStream(body), out);
  await rm(body);
  return rows;
}

/** findings.csv and findings.parquet, side by side (each sorts; one after the other took half as long again on a city). */
export async function writeFindings(store: Store, dir: string): Promise<number> {
  const select = `SELECT ${FINDING_COLUMNS.join(', ')} FROM findings ${FINDINGS_ORDER}`;
  const [rows] = await settleAll([
    copyCsv(store, select, FINDING_COLUMNS, NUMBER_COLUMNS, join(dir, 'findings.csv')),
    store.runApart(`COPY (${select}) TO ${sqlString(join(dir, 'findings.parquet'))} (FORMAT parquet)`),
  ]);
  return rows;
}

export const CONTINUATION_COLUMNS = ['source_file', 'source_row', 'school_code', 'student_key', 'student_name', 'status', 'candidates'] as const;

/** Every new-student-list entry with MATCHED / PENDING / NOT_FOUND and its preschool candidate keys. */
export async function writeContinuation(store: Store, dir: string, available: boolean): Promise<void> {
  const select = available
    ? `SELECT source_file, source_row, school_code, id_number AS student_key, name AS student_name, match_status AS status,
         array_to_string(candidates, ';') AS candidates
       FROM new_student_match ORDER BY source_file, source_row`
    : `SELECT ${CONTINUATION_COLUMNS.map((c) => (c === 'source_row' ? 'NULL::INTEGER' : 'NULL::VARCHAR') + ` AS ${c}`).join(', ')} WHERE false`;
  await copyCsv(store, select, CONTINUATION_COLUMNS, new Set(['source_row']), join(dir, 'continuation.csv'));
}
