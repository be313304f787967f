/**
 * Crafted ReportData for the circular's tests: schools with their 学区, registry records and problem
 * counts per rule; the districts, totals and rule outcomes are summed from them as loadReportData would.
 */
import type { HeadcountSummary } from '../../pipeline/check/headcount-summary.js';
import type { RuleOutcome } from '../../pipeline/check/rule-runner.js';
import type { CampaignInfo, DistrictRow, GapCell, GroupFinding, ReportData, SchoolRow } from '../../reports/report-data.js';

/** The bundled rules' codes, families and severities (as in rules/*.yaml). */
const RULES: [code: string, title: string, family: string, severity: string, requires: string[]][] = [
  ['ID_MISSING', '身份证件号码缺失', '身份证件', 'error', ['registry']],
  ['ID_INVALID', '身份证件号码无效', '身份证件', 'error', ['registry']],
  ['DUPLICATE_ID', '身份证件号码重复（重复学籍）', '重复学籍', 'error', ['registry']],
  ['GRADE_REPEAT', '违规留级', '违规留级', 'error', ['registry', 'previous_registry']],
  ['GUARDIAN_MISSING', '监护人信息不全', '家庭信息', 'warning', ['registry']],
  ['FAMILY_INCOMPLETE', '户籍或住址信息缺失', '家庭信息', 'warning', ['registry']],
  ['PHOTO_MISSING', '学生照片缺失', '家庭信息', 'warning', ['registry']],
  ['OVER_QUOTA', '超计划招生', '超计划招生', 'error', ['registry', 'quotas']],
  ['HEADCOUNT_GAP', '学籍数与现场核查人数差额过大', '人籍差额', 'warning', ['registry', 'headcounts']],
];

export interface CraftedSchool {
  code: string;
  name: string;
  district: string;
  records: number;
  byRule?: Record<string, number>;
  seniorRepeats?: number;
}

export interface Crafted {
  schools: CraftedSchool[];
  headcount?: HeadcountSummary;
  gapCells?: GapCell[];
  groupFindings?: GroupFinding[];
  campaign?: Partial<CampaignInfo>;
  threshold?: number;
  /** Rules skipped (their input absent). */
  skipped?: string[];
}

export function craftedReportData(c: Crafted): ReportData {
  const schools: SchoolRow[] = c.schools.map((s) => {
    const byRule = { ...(s.byRule ?? {}) };
    return { school_code: s.code, school_name: s.name, district: s.district, byRule, records: s.records, seniorRepeats: s.seniorRepeats ?? 0, findings: Object.values(byRule).reduce((a, b) => a + b, 0) };
  });
  const districts = new Map<string, DistrictRow>();
  for (const s of schools) {
    const d = districts.get(s.district) ?? { district: s.district, schools: 0, schoolsWithFindings: 0, findings: 0, byRule: {} };
    d.schools++;
    if (s.findings) d.schoolsWithFindings++;
    d.findings += s.findings;
    for (const [r, n] of Object.entries(s.byRule)) d.byRule[r] = (d.byRule[r] ?? 0) + n;
    districts.set(s.district, d);
  }
  const total = (code: string) => schools.reduce((n, s) => n + (s.byRule[code] ?? 0), 0);
  const rules: RuleOutcome[] = RULES.map(([code, title, family, severity, requires]) => {
    const skipped = c.skipped?.includes(code) || (code === 'HEADCOUNT_GAP' && !c.headcount);
    return { code, title, family, severity, requires, fix: '核实。', basis: '依据。', showId: false, status: skipped ? 'skipped' : total(code) ? 'fail' : 'pass', findings: total(code) };
  });
  const groupFindings = c.groupFindings ?? [];
  const totalFindings = schools.reduce((n, s) => n + s.findings, 0);
  return {
    campaign: { name: '利辛县2025年秋季学期中小学学籍核查', county: '利辛县', bureau: '利辛县教育局', asOf: '2025-10-28', deadline: '2025-11-18', schoolYear: 2025, ...c.campaign },
    threshold: c.threshold ?? 0.02,
    rules,
    headcount: c.headcount ?? null,
    roster: null,
    registryRecords: schools.reduce((n, s) => n + s.records, 0),
    totalFindings,
    studentFindings: totalFindings - groupFindings.length,
    excelDamagedIds: 0,
    districts: [...districts.values()],
    schools,
    gapCells: c.gapCells ?? [],
    groupFindings,
    registryColumns: ['hukou', 'address', 'id_number', 'photo'],
  };
}

/** A head-count summary from per-school (onsite, registry) pairs. */
export function craftedHeadcount(rows: { district: string; code: string; name: string; onsite: number; registry: number }[]): HeadcountSummary {
  const ratio = (onsite: number, registry: number) => ({ onsite, registry, diff: registry - onsite, ratio: registry ? (registry - onsite) / registry : null });
  const districts = [...new Set(rows.map((r) => r.district))].map((d) => {
    const list = rows.filter((r) => r.district === d);
    return { district: d, ...ratio(list.reduce((n, r) => n + r.onsite, 0), list.reduce((n, r) => n + r.registry, 0)) };
  });
  return {
    districts,
    schools: rows.map((r) => ({ district: r.district, school_code: r.code, school_name: r.name, ...ratio(r.onsite, r.registry) })),
    total: ratio(rows.reduce((n, r) => n + r.onsite, 0), rows.reduce((n, r) => n + r.registry, 0)),
  };
}
