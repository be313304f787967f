/**
 * summary.json's `roster` (人籍核对): per school that sent a 在校生花名册, and in total, counted in SQL from
 * the roster match (rules/prelude-roster.sql) with the same definitions as the three roster rules:
 * registry = the school's current records with status 在校 or empty; roster = its roster rows;
 * matched = its rows paired with a record of the same school (人籍一致); registered_not_attending =
 * its 在校 records paired with no row (空挂学籍); attending_unregistered = its rows paired with no record
 * (在读无学籍); attending_elsewhere = its rows paired with another school's record (人籍分离).
 * So roster = matched + attending_unregistered + attending_elsewhere. Schools without a roster are not
 * listed (they are not judged). Roster rows naming a school not in the school list are one row each
 * per name, with school_code null, so that the total keeps every row.
 */
import { UNKNOWN_DISTRICT } from './headcount-summary.js';
import type { Store } from './store.js';
import { bySchoolOrder } from './school-order.js';

export interface RosterCounts {
  registry: number;
  roster: number;
  matched: number;
  registered_not_attending: number;
  attending_unregistered: number;
  attending_elsewhere: number;
}

export interface RosterSummary {
  schools: ({ district: string; school_code: string | null; school_name: string } & RosterCounts)[];
  total: RosterCounts;
}

const COUNTS: (keyof RosterCounts)[] = ['registry', 'roster', 'matched', 'registered_not_attending', 'attending_unregistered', 'attending_elsewhere'];

const ROSTER_SUMMARY_SQL = `
  WITH rows_of AS (
    SELECT school_code, CASE WHEN school_code IS NULL THEN school_name END AS named,
           count(*) AS roster,
           count(*) FILTER (WHERE record_file IS NOT NULL AND same_school) AS matched,
           count(*) FILTER (WHERE record_file IS NULL) AS attending_unregistered,
           count(*) FILTER (WHERE record_file IS NOT NULL AND NOT same_school) AS attending_elsewhere
    FROM roster_match GROUP BY ALL
  ), records_of AS (
    SELECT school_code, count(*) AS registry, count(*) FILTER (WHERE unpaired) AS registered_not_attending
    FROM roster_judged_record GROUP BY school_code
  )
  SELECT s.district, o.school_code, coalesce(s.school_name, o.named, o.school_code) AS school_name,
         coalesce(c.registry, 0)::INT AS registry, o.roster::INT AS roster, o.matched::INT AS matched,
         coalesce(c.registered_not_attending, 0)::INT AS registered_not_attending,
         o.attending_unregistered::INT AS attending_unregistered, o.attending_elsewhere::INT AS attending_elsewhere
  FROM rows_of o
  LEFT JOIN records_of c ON c.school_code = o.school_code
  LEFT JOIN school s ON s.school_code = o.school_code`;

/** Run after the rules (the match tables are the prelude's). */
export async function summariseRoster(store: Store): Promise<RosterSummary> {
  const rows = await store.query<{ district: string | null; school_code: string | null; school_name: string | null } & RosterCounts>(ROSTER_SUMMARY_SQL);
  const schools = rows.map((r) => ({
    district: r.district ?? UNKNOWN_DISTRICT,
    school_code: r.school_code,
    school_name: r.school_name ?? '（学校不明）',
    ...Object.fromEntries(COUNTS.map((k) => [k, Number(r[k])])) as unknown as RosterCounts,
  })).sort(bySchoolOrder);
  const total = Object.fromEntries(COUNTS.map((k) => [k, schools.reduce((n, s) => n + s[k], 0)])) as unknown as RosterCounts;
  return { schools, total };
}
