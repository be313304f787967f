/**
 * Everything the reports show, read once from the store (SQL over findings, schools and the
 * headcount cells) into plain data. Report builders are pure functions of this value.
 */
import { UNKNOWN_DISTRICT, type HeadcountSummary } from '../pipeline/check/headcount-summary.js';
import type { RosterSummary } from '../pipeline/check/roster-summary.js';
import type { RuleOutcome } from '../pipeline/check/rule-runner.js';
import { packedRowSql, unpackRows } from '../pipeline/check/packed-rows.js';
import type { RowStream, Store } from '../pipeline/check/store.js';
import { loadFollowUpData, type FollowUpData } from './follow-up/follow-up-data.js';
import type { FollowUpFacts } from '../pipeline/follow/follow-up.js';
import { bySchoolOrder, byPinyin } from '../pipeline/check/school-order.js';

export interface CampaignInfo {
  name: string;
  county: string;
  bureau: string;
  asOf: string;
  deadline?: string;
  schoolYear: number;
  /** The campaign's `document:` keys: the circular's 文号, 印发日期, 主送, basis documents and contact. */
  document?: {
    number?: string;
    date?: string;
    recipients?: string;
    basis?: string[];
    contact?: string;
  };
}

export interface SchoolRow {
  school_code: string;
  school_name: string;
  district: string;
  findings: number;
  byRule: Record<string, number>;
  /** Records of the current registry at this school; 0 for a school of the list that sent none. */
  records: number;
  /** GRADE_REPEAT findings in 高三 both years (高三复读生): the circular reports them apart from 违规留级. */
  seniorRepeats: number;
}

/** A finding about a school × grade (OVER_QUOTA, HEADCOUNT_GAP): no pupil in it, so the circular may name it. */
export interface GroupFinding {
  rule: string;
  district: string;
  school_code: string;
  school_name: string;
  grade: number | null;
}

export interface DistrictRow {
  district: string;
  schools: number;
  schoolsWithFindings: number;
  findings: number;
  byRule: Record<string, number>;
}

export interface GapCell {
  district: string;
  school_code: string;
  school_name: string;
  grade: number | null;
  onsite: number;
  registry: number;
  diff: number;
  ratio: number | null;
}

export interface FixListRow {
  rule: string;
  title: string;
  grade: number | null;
  class_name: string | null;
  student_no: string | null;
  student_name: string | null;
  id_number: string | null;
  detail: string;
  /** The contract's finding_id, shown as 问题编号. */
  finding_id: string;
  /** 新增 / 未整改 / 整改不实 / 反弹 with a previous campaign; null without. */
  follow_up: string | null;
  /** The finding's student_key: null for a problem of the school or grade as a whole (HEADCOUNT_GAP, OVER_QUOTA). */
  student_key: string | null;
}

export interface ReportData {
  campaign: CampaignInfo;
  threshold: number;
  rules: RuleOutcome[];
  headcount: HeadcountSummary | null;
  /** The roster's counts per school (人籍核对), with a roster only. */
  roster: RosterSummary | null;
  /** Records in the current registry. */
  registryRecords: number;
  totalFindings: number;
  /** Student-level findings only (问题学籍). */
  studentFindings: number;
  excelDamagedIds: number;
  districts: DistrictRow[];
  schools: SchoolRow[];
  /** Headcount cells over the threshold, largest |ratio| first. */
  gapCells: GapCell[];
  /** The follow-up of the previous campaign and the returned fix-lists (follow-up-data.ts); null without. */
  followUp?: FollowUpData | null;
  /** Findings with no pupil (group-level rules), by school and grade. */
  groupFindings: GroupFinding[];
  /** Registry columns (store names: photo, id_number …) every registry file had: only those were judged for every pupil. */
  registryColumns: string[];
}


export async function loadReportData(store: Store, campaign: CampaignInfo, rules: RuleOutcome[], headcount: HeadcountSummary | null, threshold: number, roster: RosterSummary | null = null, followUp: FollowUpFacts | null = null): Promise<ReportData> {
  const counts = await store.query<{ school_code: string | null; rule: string; n: number; senior: number }>(
    `SELECT school_code, rule, count(*)::INT AS n, count(*) FILTER (WHERE rule = 'GRADE_REPEAT' AND grade = 12)::INT AS senior FROM findings GROUP BY ALL`);
  const records = new Map((await store.query<{ school_code: string; n: number }>(
    'SELECT school_code, count(*)::INT AS n FROM registry WHERE school_code IS NOT NULL GROUP BY ALL')).map((r) => [r.school_code, r.n]));
  const schoolList = await store.query<{ school_code: string; school_name: string; district: string | null }>(
    'SELECT school_code, school_name, district FROM school');
  const schools = new Map<string, SchoolRow>();
  const emptyRow = (code: string, name: string, district: string | null): SchoolRow => ({ school_code: code, school_name: name, district: district ?? UNKNOWN_DISTRICT, findings: 0, byRule: {}, records: records.get(code) ?? 0, seniorRepeats: 0 });
  for (const s of schoolList) schools.set(s.school_code, emptyRow(s.school_code, s.school_name ?? s.school_code, s.district));
  for (const c of counts) {
    const code = c.school_code ?? '';
    const row = schools.get(code) ?? emptyRow(code, code || '（学校不明）', null);
    row.findings += c.n;
    row.seniorRepeats += c.senior;
    row.byRule[c.rule] = (row.byRule[c.rule] ?? 0) + c.n;
    schools.set(code, row);
  }
  const schoolRows = [...schools.values()].sort(bySchoolOrder);
  const districts = new Map<string, DistrictRow>();
  for (const s of schoolRows) {
    const d = districts.get(s.district) ?? { district: s.district, schools: 0, schoolsWithFindings: 0, findings: 0, byRule: {} };
    d.schools++;
    if (s.findings > 0) d.schoolsWithFindings++;
    d.findings += s.findings;
    for (const [rule, n] of Object.entries(s.byRule)) d.byRule[rule] = (d.byRule[rule] ?? 0) + n;
    districts.set(s.district, d);
  }
  const [totals] = await store.query<{ registry: number; total: number; students: number; damaged: number }>(`
    SELECT (SELECT count(*) FROM registry)::INT AS registry, (SELECT count(*) FROM findings)::INT AS total,
           (SELECT count(*) FROM findings WHERE student_key IS NOT NULL)::INT AS students,
           (SELECT count(*) FROM findings WHERE rule = 'ID_INVALID' AND detail LIKE '%Excel%')::INT AS damaged`);
  const gapCells = headcount ? (await store.query<GapCell>(`
    SELECT coalesce(district, $unknown) AS district, school_code, coalesce(school_name, school_code) AS school_name, grade,
           onsite::INT AS onsite, registry::INT AS registry, (registry - onsite)::INT AS diff,
           CASE WHEN registry = 0 THEN NULL ELSE (registry - onsite)::DOUBLE / registry END AS ratio
    FROM headcount_cell
    WHERE (registry = 0 AND onsite > 0) OR (registry > 0 AND abs((registry - onsite)::DOUBLE / registry) > $threshold)
    ORDER BY abs(coalesce((registry - onsite)::DOUBLE / nullif(registry, 0), 1e9)) DESC, abs(registry - onsite) DESC, school_code, grade`, { threshold, unknown: UNKNOWN_DISTRICT })) : [];
  const groupFindings = await store.query<GroupFinding>(`
    SELECT rule, coalesce(district, $unknown) AS district, school_code, coalesce(school_name, school_code) AS school_name, grade
    FROM findings WHERE student_key IS NULL AND school_code IS NOT NULL ORDER BY rule, district, school_code, grade`, { unknown: UNKNOWN_DISTRICT });
  const registryColumns = (await store.query<{ column_name: string }>(`
    SELECT column_name FROM source_columns WHERE table_name = 'registry' GROUP BY column_name
    HAVING count(DISTINCT source_file) = (SELECT count(DISTINCT source_file) FROM source_columns WHERE table_name = 'registry')
    ORDER BY column_name`)).map((r) => r.column_name);
  return {
    campaign,
    threshold,
    rules,
    headcount,
    roster,
    registryRecords: totals.registry,
    totalFindings: totals.total,
    studentFindings: totals.students,
    excelDamagedIds: totals.damaged,
    districts: [...districts.values()].sort((a, b) => byPinyin(a.district, b.district)),
    schools: schoolRows,
    gapCells,
    followUp: await loadFollowUpData(store, followUp),
    groupFindings,
    registryColumns,
  };
}

/** What a fix-list shows of a finding (the severity and the bureau's file and row are not the school's business). */
const FIX_LIST_COLUMNS = ['rule', 'title', 'grade', 'class_name', 'student_no', 'student_name', 'id_number', 'detail', 'finding_id', 'follow_up', 'student_key'] as const;

/** One finding as a fix-list row, packed by DuckDB (packed-rows.ts), with its school. */
export interface FixListLine {
  school_code: string;
  line: string;
}

/**
 * Every finding with a school as a fix-list row, with the class and ID number of the record it points
 * at, sorted by school, then pupils by grade, class and pupil (the fix-list model puts the school's
 * own problems and the 整改不实 cases first); streamed (a province's findings never sit
 * whole in JS) on a connection of its own, as it runs beside the findings' files and the report data.
 * Sorted rows, not one aggregate per school: DuckDB's ordered aggregates keep their groups in memory
 * and failed a city under a 400 MB limit, while a sort spills to disk.
 */
export function streamFixListRows(store: Store): Promise<RowStream<FixListLine>> {
  return store.streamApart<FixListLine>(`
    WITH record AS (
      SELECT source_file, source_row, student_no, class_name, id_number FROM registry
      UNION ALL SELECT source_file, source_row, student_no, class_name, id_number FROM previous_registry
      UNION ALL SELECT source_file, source_row, NULL, NULL, id_number FROM new_students
      UNION ALL SELECT source_file, source_row, coalesce(student_no, record_student_no), class_name, id_number FROM roster_match
    ), fix AS (
      SELECT f.school_code, f.student_key, f.rule, f.title, f.grade, r.class_name, r.student_no,
             f.student_name, r.id_number, f.detail, f.source_file, f.source_row, f.finding_id, f.follow_up
      FROM findings f LEFT JOIN record r ON r.source_file = f.source_file AND r.source_row = f.source_row
      WHERE f.school_code IS NOT NULL
    )
    SELECT school_code, ${packedRowSql([...FIX_LIST_COLUMNS])} AS line FROM fix
    ORDER BY school_code, student_key IS NULL, grade NULLS LAST, class_name NULLS LAST, student_key, rule, source_file, source_row, detail`);
}

/** A school's fix-list rows from their packed lines, joined (see streamFixListRows); fields in FIX_LIST_COLUMNS' order. */
export function unpackFixListRows(packed: string | null): FixListRow[] {
  return unpackRows(packed).map(([rule, title, grade, class_name, student_no, student_name, id_number, detail, finding_id, follow_up, student_key]) => ({
    rule: rule!, title: title!, grade: grade === null ? null : Number(grade), class_name, student_no, student_name, id_number,
    detail: detail ?? '', finding_id: finding_id!, follow_up, student_key,
  }));
}
