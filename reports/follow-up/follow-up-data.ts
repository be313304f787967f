/**
 * What the reports show of the follow-up (pipeline/follow), read once from the store: per school, last
 * campaign's problems, resolved, still open, 整改不实, new and 反弹; the answers a bureau must review
 * (无需整改 / 无法整改 with their 说明). Every total is counted as summary.json `follow_up` counts it.
 */
import { UNKNOWN_DISTRICT } from '../../pipeline/check/headcount-summary.js';
import type { Store } from '../../pipeline/check/store.js';
import { RESOLVED_ROWS_SQL, type AnswerCounts } from '../../pipeline/follow/follow-up-status.js';
import type { FollowUpFacts } from '../../pipeline/follow/follow-up.js';
import { bySchoolOrder } from '../../pipeline/check/school-order.js';

export interface FollowUpSchool {
  district: string;
  school_code: string;
  school_name: string;
  /** The previous run's findings of the school, and those gone now (rows of resolved.csv). */
  previous: number;
  resolved: number;
  /** Current findings by follow_up. */
  falseClaims: number;
  new: number;
  relapsed: number;
}

export interface ReviewAnswer {
  district: string;
  school_code: string;
  school_name: string;
  finding_id: string;
  title: string;
  grade: number | null;
  answer: '无需整改' | '无法整改';
  note: string;
  /** The finding is still found by this campaign. */
  stillFound: boolean;
}

export interface FollowUpData {
  hasPrevious: boolean;
  previousName: string;
  previousAsOf: string;
  schools: FollowUpSchool[];
  /** The same columns over all schools (summary.json's previous, resolved, false_claims, new, relapsed). */
  total: Omit<FollowUpSchool, 'district' | 'school_code' | 'school_name'>;
  answers: AnswerCounts;
  returnFiles: number;
  /** Schools whose workbook is among the returns (known from its title or folder). */
  returnedSchools: number;
  returnProblems: number;
  review: ReviewAnswer[];
}


const PER_SCHOOL_SQL = `
WITH prev AS (SELECT school_code, count(*) AS n FROM previous_finding GROUP BY ALL),
gone AS (SELECT school_code, count(*) AS n FROM (${RESOLVED_ROWS_SQL}) GROUP BY ALL),
now AS (
  SELECT school_code, count(*) FILTER (WHERE follow_up = '整改不实') AS false_claims, count(*) FILTER (WHERE follow_up = '新增') AS new,
         count(*) FILTER (WHERE follow_up = '反弹') AS relapsed
  FROM findings GROUP BY ALL
), names AS (
  -- The school list's name first, else the previous run's.
  SELECT school_code, arg_min(school_name, pick) AS school_name, arg_min(district, pick) AS district FROM (
    SELECT school_code, school_name, district, 0 AS pick FROM school
    UNION ALL SELECT school_code, school_name, district, 1 FROM previous_finding WHERE school_name IS NOT NULL) GROUP BY ALL
), codes AS (SELECT school_code FROM prev UNION SELECT school_code FROM now WHERE false_claims + new + relapsed > 0)
SELECT coalesce(c.school_code, '') AS school_code, coalesce(n.school_name, c.school_code, '（学校不明）') AS school_name, coalesce(n.district, $unknown) AS district,
       coalesce(p.n, 0)::INT AS previous, coalesce(g.n, 0)::INT AS resolved, coalesce(w.false_claims, 0)::INT AS "falseClaims",
       coalesce(w.new, 0)::INT AS new, coalesce(w.relapsed, 0)::INT AS relapsed
FROM codes c LEFT JOIN prev p ON p.school_code IS NOT DISTINCT FROM c.school_code LEFT JOIN gone g ON g.school_code IS NOT DISTINCT FROM c.school_code
LEFT JOIN now w ON w.school_code IS NOT DISTINCT FROM c.school_code LEFT JOIN names n ON n.school_code = c.school_code`;

const REVIEW_SQL = `
SELECT coalesce(n.district, t.district, $unknown) AS district, coalesce(t.school_code, '') AS school_code, coalesce(n.school_name, t.school_name, t.school_code, '') AS school_name,
       t.finding_id, coalesce(t.title, t.rule) AS title, t.grade, a.answer, coalesce(a.note, '') AS note,
       t.finding_id IN (SELECT finding_id FROM findings) AS "stillFound"
FROM (SELECT DISTINCT finding_id, rule, title, district, school_code, school_name, grade FROM follow_up_target) t
JOIN follow_up_answer a ON a.finding_id = t.finding_id
LEFT JOIN school n ON n.school_code = t.school_code
WHERE a.answer IN ('无需整改', '无法整改')`;

/** The follow-up as the reports show it, from the follow-up stage's facts; null when it had none (neither `previous:` nor returns). */
export async function loadFollowUpData(store: Store, facts: FollowUpFacts | null): Promise<FollowUpData | null> {
  if (!facts) return null;
  const schools = facts.hasPrevious ? (await store.query<FollowUpSchool>(PER_SCHOOL_SQL, { unknown: UNKNOWN_DISTRICT })).sort(bySchoolOrder) : [];
  const total = { previous: 0, resolved: 0, falseClaims: 0, new: 0, relapsed: 0 };
  for (const s of schools) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  const review = (await store.query<ReviewAnswer>(REVIEW_SQL, { unknown: UNKNOWN_DISTRICT }))
    .sort((a, b) => bySchoolOrder(a, b)
      || a.answer.localeCompare(b.answer) || (a.grade ?? 0) - (b.grade ?? 0) || a.finding_id.localeCompare(b.finding_id));
  const { summary } = facts;
  return {
    hasPrevious: facts.hasPrevious, previousName: facts.previousName, previousAsOf: facts.previousAsOf,
    schools, total, answers: summary.answers, returnFiles: summary.returns.files, returnedSchools: facts.returnedSchools, returnProblems: summary.returns.problems, review,
  };
}
