/**
 * The circular's words on 人籍一致 (in-school rosters against the registry, summary.json `roster`):
 * one sentence for 一、基本情况 and the paragraph of 三、存在问题 naming the worst schools. Aggregates
 * only: school names and counts.
 */
import { count, listNames, percent } from '../chinese-format.js';
import type { Paragraph } from '../circular/circular-model.js';
import type { ReportData } from '../report-data.js';
import type { RuleOutcome } from '../../pipeline/check/rule-runner.js';
import { schoolName } from '../circular/circular-wording.js';

/** The roster rules in the order the circular names them: each one's word and its count in summary.json roster. */
const ROSTER_CASES = [
  { code: 'REGISTERED_NOT_ATTENDING', label: '空挂学籍', count: 'registered_not_attending' },
  { code: 'ATTENDING_UNREGISTERED', label: '在读无学籍', count: 'attending_unregistered' },
  { code: 'ATTENDING_ELSEWHERE', label: '人籍分离', count: 'attending_elsewhere' },
] as const;

/**
 * One of the roster rules this paragraph reports (人籍一致), which therefore get no generic family's
 * paragraph. By code: a campaign's own rule that reads the roster is a family's like any other rule.
 */
export const isRosterRule = (r: Pick<RuleOutcome, 'code'>): boolean => ROSTER_CASES.some((c) => c.code === r.code);

/** 一、基本情况: how many schools sent a roster and how far it agrees with the registry. */
export function rosterSituation(data: ReportData): Paragraph | null {
  const roster = data.roster;
  if (!roster) return null;
  const t = roster.total;
  const share = t.roster ? `，占花名册学生的${percent(t.matched / t.roster)}` : '';
  return {
    text: `${count(roster.schools.length)}所学校报送了在校生花名册，花名册学生${count(t.roster)}人，这些学校电子学籍中在校学生${count(t.registry)}人。逐人比对，人籍一致${count(t.matched)}人${share}；` +
      `${ROSTER_CASES.map((c) => `${c.label}${count(t[c.count])}人`).join('，')}。`,
  };
}

/**
 * 三、存在问题: the roster family's paragraph. Worst schools first: most pupils not in agreement
 * (空挂 + 无学籍 + 人籍分离), then the largest share of them among the pupils the school's roster and
 * registry name (roster rows + 空挂), then in summary.json's order of schools.
 */
export function rosterProblemParagraph(data: ReportData, max = 8): Paragraph {
  const schools = data.roster?.schools ?? [];
  const problems = (s: (typeof schools)[number]) => ROSTER_CASES.reduce((n, c) => n + s[c.count], 0);
  const share = (s: (typeof schools)[number]) => problems(s) / (s.roster + s.registered_not_attending);
  // Ties keep the school order summary.json's roster comes in (bySchoolOrder: the sort is stable).
  const worst = schools.filter((s) => problems(s) > 0).sort((a, b) => problems(b) - problems(a) || share(b) - share(a));
  const byRule = new Map(data.rules.map((r) => [r.code, r.findings]));
  const total = ROSTER_CASES.reduce((n, c) => n + (byRule.get(c.code) ?? 0), 0);
  const items = ROSTER_CASES.filter((c) => byRule.get(c.code)).map((c) => `${c.label}${count(byRule.get(c.code)!)}人`);
  const named = worst.map((s) => `${schoolName(s)}（${ROSTER_CASES.filter((c) => s[c.count] > 0).map((c) => `${c.label}${count(s[c.count])}人`).join('、')}）`);
  return {
    lead: `人籍不一致问题${count(total)}人。`,
    // The schools with cases, most first, up to `max` (then 等): not singled out as 较多 for one or two pupils.
    text: `其中${items.join('、')}，涉及${count(worst.length)}所学校：${listNames(named, max)}。`,
  };
}
