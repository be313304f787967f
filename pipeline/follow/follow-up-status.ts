/**
 * The contract's follow-up, in SQL over the store once the rules ran: each finding's follow_up
 * (新增 / 未整改 / 整改不实 / 反弹) set on the findings table, resolved.csv (the previous run's
 * findings gone now, with the school's answer), and the counts summary.json `follow_up` holds.
 */
import { join } from 'node:path';
import { copyCsv } from '../check/findings-output.js';
import type { Store } from '../check/store.js';

export const RESOLVED_COLUMNS = ['finding_id', 'rule', 'district', 'school_code', 'school_name', 'grade', 'student_key', 'answer', 'note'] as const;

/** The findings returns are matched against: the previous run's, or this run's when there is none. */
export function targetSql(withPrevious: boolean): string {
  const source = withPrevious ? 'previous_finding' : 'findings';
  return `CREATE OR REPLACE VIEW follow_up_target AS
    SELECT finding_id, rule, title, district, school_code, school_name, grade, student_key FROM ${source};
  -- The schools the follow-up names: the school list's (its first name per code, as everywhere), then the
  -- codes only the followed findings know. One name per code, the same every run.
  CREATE OR REPLACE VIEW follow_up_school AS
    SELECT school_code, school_name FROM school
    UNION ALL
    SELECT school_code, min(school_name) FROM follow_up_target
    WHERE school_code IS NOT NULL AND school_code NOT IN (SELECT school_code FROM school) GROUP BY school_code`;
}


/**
 * 整改不实 wins over 未整改 only on the answer 已整改; an id among the previous findings is never 反弹
 * (resolved.csv lists only findings that were gone, so the two do not meet in runs xueji wrote).
 */
export const FOLLOW_UP_SQL = `UPDATE findings SET follow_up = CASE
  WHEN finding_id IN (SELECT finding_id FROM previous_finding) THEN
    CASE WHEN finding_id IN (SELECT finding_id FROM follow_up_answer WHERE answer = '已整改') THEN '整改不实' ELSE '未整改' END
  WHEN finding_id IN (SELECT finding_id FROM previous_resolved) THEN '反弹'
  ELSE '新增' END`;

/** One line per previous finding whose finding_id no current finding has (identical lines once). */
export const RESOLVED_ROWS_SQL = `SELECT DISTINCT p.finding_id, p.rule, p.district, p.school_code, p.school_name, p.grade, p.student_key, a.answer, a.note
  FROM previous_finding p LEFT JOIN follow_up_answer a ON a.finding_id = p.finding_id
  WHERE p.finding_id IS NOT NULL AND p.finding_id NOT IN (SELECT finding_id FROM findings)`;

const RESOLVED_SQL = `SELECT * FROM (${RESOLVED_ROWS_SQL})
  ORDER BY school_code NULLS LAST, grade NULLS LAST, student_key NULLS LAST, rule, finding_id, answer NULLS FIRST, note NULLS FIRST`;

/** resolved.csv; without a previous run it holds the header only. Returns its rows. */
export function writeResolved(store: Store, dir: string, withPrevious: boolean): Promise<number> {
  const select = withPrevious ? RESOLVED_SQL : `SELECT ${RESOLVED_COLUMNS.map((c) => `NULL::${c === 'grade' ? 'INTEGER' : 'VARCHAR'} AS ${c}`).join(', ')} WHERE false`;
  return copyCsv(store, select, RESOLVED_COLUMNS, new Set(['grade']), join(dir, 'resolved.csv'));
}

export interface StatusCounts {
  new: number;
  persisting: number;
  false_claims: number;
  relapsed: number;
}

export async function statusCounts(store: Store): Promise<StatusCounts> {
  const [counts] = await store.query<StatusCounts>(`SELECT
    count(*) FILTER (WHERE follow_up = '新增')::INT AS new, count(*) FILTER (WHERE follow_up = '未整改')::INT AS persisting,
    count(*) FILTER (WHERE follow_up = '整改不实')::INT AS false_claims, count(*) FILTER (WHERE follow_up = '反弹')::INT AS relapsed
    FROM findings`);
  return counts;
}

export interface AnswerCounts {
  已整改: number;
  无需整改: number;
  无法整改: number;
  /** No answer taken: not returned, left empty, or answered two ways. */
  未填: number;
}

/** The answers per finding of the target (one count per finding row, so they add up to its findings). */
export async function answerCounts(store: Store): Promise<AnswerCounts> {
  const [counts] = await store.query<AnswerCounts>(`SELECT
    count(*) FILTER (WHERE a.answer = '已整改')::INT AS 已整改, count(*) FILTER (WHERE a.answer = '无需整改')::INT AS 无需整改,
    count(*) FILTER (WHERE a.answer = '无法整改')::INT AS 无法整改, count(*) FILTER (WHERE a.answer IS NULL)::INT AS 未填
    FROM follow_up_target t LEFT JOIN follow_up_answer a ON a.finding_id = t.finding_id`);
  return counts;
}
