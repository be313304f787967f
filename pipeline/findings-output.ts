/** findings.csv (UTF-8 with BOM, for Excel/WPS), findings.parquet and continuation.csv, from the store. */
import { join } from 'node:path';
import { CsvWriter } from './csv-writer.js';
import { sqlString } from './store-columns.js';
import type { Store } from './store.js';

export const FINDING_COLUMNS = ['rule', 'severity', 'district', 'school_code', 'school_name', 'grade', 'student_key', 'student_name', 'detail', 'source_file', 'source_row', 'title'] as const;

/** Stable order: by school, grade, pupil, rule, then the row that holds it. */
const FINDINGS_ORDER = 'ORDER BY school_code NULLS LAST, grade NULLS LAST, student_key NULLS LAST, rule, source_file, source_row';

/** Streams the findings to CSV chunk by chunk (a province's findings need not fit in memory). */
export async function writeFindings(store: Store, dir: string): Promise<number> {
  const csv = new CsvWriter(join(dir, 'findings.csv'), [...FINDING_COLUMNS]);
  for await (const row of store.streamRows(`SELECT ${FINDING_COLUMNS.join(', ')} FROM findings ${FINDINGS_ORDER}`)) csv.write(row);
  await csv.close();
  await store.run(`COPY (SELECT ${FINDING_COLUMNS.join(', ')} FROM findings ${FINDINGS_ORDER}) TO ${sqlString(join(dir, 'findings.parquet'))} (FORMAT parquet)`);
  return csv.rows;
}

export const CONTINUATION_COLUMNS = ['source_file', 'source_row', 'school_code', 'student_key', 'student_name', 'status', 'candidates'] as const;

/** Every new-student-list entry with MATCHED / PENDING / NOT_FOUND and its preschool candidate keys. */
export async function writeContinuation(store: Store, dir: string, available: boolean): Promise<void> {
  const csv = new CsvWriter(join(dir, 'continuation.csv'), [...CONTINUATION_COLUMNS]);
  if (available) {
    for await (const row of store.streamRows(`
      SELECT source_file, source_row, school_code, id_number AS student_key, name AS student_name, match_status AS status,
             array_to_string(candidates, ';') AS candidates
      FROM new_student_match ORDER BY source_file, source_row`)) csv.write(row);
  }
  await csv.close();
}
