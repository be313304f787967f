/**
 * The circular's problem families: the rule files' `family`, except where the seeds name a problem on
 * its own (学生照片 apart from 家庭信息; 高三复读 apart from 违规留级, seed 000 ㈢ against seed 003's 3),
 * with the words each is written in, and how many records each school has in it.
 */
import type { RuleOutcome } from '../../pipeline/check/rule-runner.js';
import type { ReportData, SchoolRow } from '../report-data.js';
import { isRosterRule } from '../roster/roster-text.js';

/** One rule's share of a family: its records in the circular's words ("身份证件号码空缺4条"). */
export interface FamilyPart {
  code: string;
  /** What the records are, read before their count. */
  phrase: string;
  /** This part's records at a school. */
  at: (s: SchoolRow) => number;
  total: number;
}

export interface ProblemFamily {
  name: string;
  /** error when any of its rules is (严重), else warning (提示): error families are written first. */
  severity: string;
  /** A group-level family counts school × grade cells, not pupils; its cells are named instead. */
  group: boolean;
  parts: FamilyPart[];
  total: number;
  /** The family's records at a school. */
  at: (s: SchoolRow) => number;
}

/** Where a rule's findings go when not (only) to its rule file's family. */
const SPLITS: Record<string, { family: string; at: (s: SchoolRow) => number }[]> = {
  PHOTO_MISSING: [{ family: '学生照片', at: (s) => s.byRule.PHOTO_MISSING ?? 0 }],
  GRADE_REPEAT: [
    { family: '违规留级', at: (s) => (s.byRule.GRADE_REPEAT ?? 0) - s.seniorRepeats },
    { family: '高三复读', at: (s) => s.seniorRepeats },
  ],
};

/** Each rule's records as the circular names them (a rule not listed is named by its title). */
const PHRASES: Record<string, string> = {
  ID_MISSING: '身份证件号码空缺',
  ID_INVALID: '身份证件号码无效',
  ID_MISMATCH: '身份证件号码与出生日期或性别不一致',
  DUPLICATE_ID: '身份证件号码或学籍号重复',
  DUPLICATE_SUSPECT: '疑似重复学籍',
  GUARDIAN_MISSING: '监护人姓名或有效联系电话缺失',
  FAMILY_INCOMPLETE: '户口所在地或现住址空缺',
  PHOTO_MISSING: '未上传学生照片',
  CONTINUATION_MISSING: '小学毕业生学籍未完成接续',
  CONTINUATION_NOT_FOUND: '小学新生未查到学前学籍',
  CONTINUATION_PENDING: '小学新生学籍接续待确认',
  AGE_GRADE: '年龄与年级明显不符',
};
const SPLIT_PHRASES: Record<string, string> = { 违规留级: '义务教育阶段学生违规留级', 高三复读: '高三复读生录入学籍' };

/** The circular families a rule's findings go to. */
export const familiesOfRule = (rule: Pick<RuleOutcome, 'code' | 'family'>): string[] => (SPLITS[rule.code] ?? [{ family: rule.family }]).map((s) => s.family);

/**
 * Whether a rule is the head-count comparison, which the circular writes from the head-count tables. By
 * code, as isRosterRule: a campaign's own rule that reads head counts is a family's like any other rule.
 */
export const isHeadcountRule = (r: Pick<RuleOutcome, 'code'>): boolean => r.code === 'HEADCOUNT_GAP';

/** The families with records, 严重 before 提示, then most records first. */
export function problemFamilies(data: Pick<ReportData, 'rules' | 'schools' | 'groupFindings'>): ProblemFamily[] {
  const families = new Map<string, { severity: string; group: boolean; parts: FamilyPart[] }>();
  for (const rule of data.rules) {
    // Head counts and the roster have paragraphs of their own (problems.ts).
    if (rule.status === 'skipped' || isHeadcountRule(rule) || isRosterRule(rule)) continue;
    // A group-level rule's findings have no pupil: they are the report data's group findings.
    const group = data.groupFindings.some((g) => g.rule === rule.code);
    const splits = SPLITS[rule.code] ?? [{ family: rule.family, at: (s: SchoolRow) => s.byRule[rule.code] ?? 0 }];
    for (const split of splits) {
      const total = data.schools.reduce((n, s) => n + split.at(s), 0);
      if (total === 0) continue;
      const family = families.get(split.family) ?? { severity: 'warning', group, parts: [] };
      if (rule.severity === 'error') family.severity = 'error';
      family.parts.push({ code: rule.code, phrase: SPLIT_PHRASES[split.family] ?? PHRASES[rule.code] ?? rule.title, at: split.at, total });
      families.set(split.family, family);
    }
  }
  return [...families.entries()]
    .map(([name, f]) => ({ name, ...f, total: f.parts.reduce((n, p) => n + p.total, 0), at: (s: SchoolRow) => f.parts.reduce((n, p) => n + p.at(s), 0) }))
    .sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error') || b.total - a.total || a.name.localeCompare(b.name, 'zh-CN'));
}
