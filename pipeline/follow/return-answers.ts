/**
 * Matches the returned rows to the findings they answer, in SQL over the store: return_row (every
 * row with a 问题编号, in reading order) against follow_up_target (the previous run's findings, or
 * this run's without `previous:`). Each row gets at most one problem, checked in this order:
 *   unknown       the 问题编号 names no finding of the target;
 *   other_school  the workbook is a school's (title or folder) and the finding is not that school's;
 *   bad_answer    整改情况 is neither empty nor one of 已整改 / 无需整改 / 无法整改;
 *   conflict      the finding already has a different answer from an earlier row (reading order:
 *                 files as the campaign lists them, sheets in tab order, rows down): one problem per
 *                 differing row, naming the first; such a finding keeps no answer at all, as nobody
 *                 can tell which is right.
 * A finding's answer (follow_up_answer) comes from its rows without a problem; its 说明 joins their notes.
 */
import type { Store } from '../check/store.js';
import type { ReturnFile } from './return-files.js';

export interface ReturnCounts {
  files: number;
  /** Data rows with a 问题编号. */
  rows: number;
  /** Rows whose 问题编号 names a finding of the target (whatever else is wrong with them). */
  matched: number;
  /** Lines of returns_problems.csv: every row problem, and every file that gave no rows. */
  problems: number;
}

export interface ReturnProblem {
  file: string;
  sheet: string;
  row: number | null;
  reason: string;
}

const RETURN_ROW = `CREATE OR REPLACE TABLE return_row (seq INTEGER, file_order INTEGER, file VARCHAR, school_code VARCHAR,
  sheet VARCHAR, row INTEGER, finding_id VARCHAR, answer_text VARCHAR, answer VARCHAR, note VARCHAR)`;

/** Loads the rows of `files` into return_row, in reading order. */
async function loadReturnRows(store: Store, files: ReturnFile[]): Promise<void> {
  await store.run(RETURN_ROW);
  const appender = await store.appender('return_row', [
    { name: 'seq', type: 'INTEGER' }, { name: 'file_order', type: 'INTEGER' }, { name: 'file', type: 'VARCHAR' }, { name: 'school_code', type: 'VARCHAR' },
    { name: 'sheet', type: 'VARCHAR' }, { name: 'row', type: 'INTEGER' }, { name: 'finding_id', type: 'VARCHAR' }, { name: 'answer_text', type: 'VARCHAR' },
    { name: 'answer', type: 'VARCHAR' }, { name: 'note', type: 'VARCHAR' },
  ]);
  let seq = 0;
  files.forEach((f, fileOrder) => {
    for (const { sheet, rows } of f.sheets) {
      for (const r of rows) appender.append([seq++, fileOrder, f.file, f.school, sheet, r.row, r.findingId, r.answerText, r.answer, r.note]);
    }
  });
  appender.close();
}

/** return_check: every return row with its problem (NULL when none) and the reason a person reads. */
function checkSql(withPrevious: boolean): string {
  const unknown = withPrevious ? '不是上次核查通报的问题（未找到该编号）' : '不是本次核查的问题（未找到该编号）';
  return `CREATE OR REPLACE TABLE return_check AS
WITH owner AS (
  SELECT finding_id, list(DISTINCT school_code) AS schools,
         string_agg(DISTINCT coalesce(school_name, school_code), '、') AS names
  FROM follow_up_target WHERE finding_id IS NOT NULL GROUP BY finding_id
), named AS (
  SELECT school_code, coalesce(school_name, school_code) AS name FROM follow_up_school
), checked AS (
  SELECT r.*, o.finding_id IS NOT NULL AS known, o.names AS owners,
    CASE WHEN o.finding_id IS NULL THEN 'unknown'
         WHEN r.school_code IS NOT NULL AND NOT list_contains(o.schools, r.school_code) THEN 'other_school'
         WHEN r.answer_text <> '' AND r.answer IS NULL THEN 'bad_answer' END AS first_problem
  FROM return_row r LEFT JOIN owner o ON o.finding_id = r.finding_id
), firsts AS (
  SELECT finding_id, count(DISTINCT answer) AS answers, arg_min(answer, seq) AS answer,
         arg_min(file, seq) AS file, arg_min(sheet, seq) AS sheet, arg_min(row, seq) AS row
  FROM checked WHERE first_problem IS NULL AND answer IS NOT NULL GROUP BY finding_id
), classified AS (
  SELECT c.*, coalesce(f.answers > 1, false) AS conflicted, f.answer AS first_answer, f.file AS first_file, f.sheet AS first_sheet, f.row AS first_row,
    CASE WHEN c.first_problem IS NULL AND f.answers > 1 AND c.answer IS NOT NULL AND c.answer <> f.answer THEN 'conflict' ELSE c.first_problem END AS problem
  FROM checked c LEFT JOIN firsts f ON f.finding_id = c.finding_id
)
SELECT c.*, CASE c.problem
    WHEN 'unknown' THEN '问题编号 ' || c.finding_id || ' ${unknown}'
    WHEN 'other_school' THEN '问题编号 ' || c.finding_id || ' 是' || c.owners || '的问题，不属于本校（' || coalesce(n.name, c.school_code) || '），本行未采用'
    WHEN 'bad_answer' THEN '整改情况不是“已整改”“无需整改”“无法整改”之一，本行未采用'
    WHEN 'conflict' THEN '问题编号 ' || c.finding_id || ' 的整改情况“' || c.answer || '”与' || c.first_file || ' 工作表“' || c.first_sheet || '”第' || c.first_row || '行的“' || c.first_answer || '”不同，该问题的整改情况均未采用'
  END AS reason
FROM classified c LEFT JOIN named n ON n.school_code = c.school_code`;
}

/** follow_up_answer: per finding, the answer its rows agree on (none when they differ) and their notes. */
const ANSWERS_SQL = `CREATE OR REPLACE TABLE follow_up_answer AS
SELECT finding_id, CASE WHEN bool_or(conflicted) THEN NULL ELSE any_value(answer) FILTER (WHERE answer IS NOT NULL) END AS answer,
       string_agg(DISTINCT note, '；' ORDER BY note) FILTER (WHERE note <> '') AS note
FROM return_check WHERE problem IS NULL GROUP BY finding_id`;

/**
 * Matches the rows of `files` against follow_up_target (which must exist) and fills follow_up_answer.
 * Returns the counts for summary.json and the problems in reading order (a file's own problem first).
 */
export async function matchReturns(store: Store, files: ReturnFile[], withPrevious: boolean): Promise<{ counts: ReturnCounts; problems: ReturnProblem[] }> {
  await loadReturnRows(store, files);
  await store.run(checkSql(withPrevious));
  await store.run(ANSWERS_SQL);
  const rowProblems = await store.query<{ file_order: number; file: string; sheet: string; row: number; reason: string }>(
    'SELECT file_order, file, sheet, row, reason FROM return_check WHERE problem IS NOT NULL ORDER BY seq');
  const byFile = new Map<number, typeof rowProblems>();
  for (const p of rowProblems) {
    const list = byFile.get(p.file_order);
    if (list) list.push(p);
    else byFile.set(p.file_order, [p]);
  }
  const problems: ReturnProblem[] = files.flatMap((f, order) => [
    ...(f.problem ? [{ file: f.file, sheet: '', row: null, reason: f.problem }] : []),
    ...(byFile.get(order) ?? []).map((p) => ({ file: p.file, sheet: p.sheet, row: p.row, reason: p.reason })),
  ]);
  const [{ rows, matched }] = await store.query<{ rows: number; matched: number }>(
    'SELECT count(*)::INT AS rows, count(*) FILTER (WHERE known)::INT AS matched FROM return_check');
  return { counts: { files: files.length, rows, matched, problems: problems.length }, problems };
}
