/**
 * The circular's words on 人籍一致 (in-school rosters against the registry, summary.json `roster`):
 * one sentence for 一、基本情况 and the paragraph of 三、存在问题 naming the worst schools. Aggregates
 * only: school names and counts.
 */
import { count, listNames, percent } from '../chinese-format.js';
import type { Paragraph } from '../circular/circular-model.js';
import type { ReportData } from '../report-data.js';
import { schoolName } from '../circular/circular-wording.js';

/** The roster rules, in the order the circular names them. */
export const ROSTER_RULES = ['REGISTERED_NOT_ATTENDING', 'ATTENDING_UNREGISTERED', 'ATTENDING_ELSEWHERE'] as const;
const LABELS: Record<(typeof ROSTER_RULES)[number], string> = { REGISTERED_NOT_ATTENDING: '空挂学籍', ATTENDING_UNREGISTERED: '在读无学籍', ATTENDING_ELSEWHERE: '人籍分离' };


/** 一、基本情况: how many schools sent a roster and how far it agrees with the registry. */
export function rosterSituation(data: ReportData): Paragraph[] {
  const roster = data.roster;
  if (!roster) return [];
  const t = roster.total;
  const share = t.roster ? `，占花名册学生的${percent(t.matched / t.roster)}` : '';
  return [{
    text: `${count(roster.schools.length)}所学校报送了在校生花名册，花名册学生${count(t.roster)}人，这些学校电子学籍中在校学生${count(t.registry)}人。逐人比对，人籍一致${count(t.matched)}人${share}；` +
      `空挂学籍${count(t.registered_not_attending)}人，在读无学籍${count(t.attending_unregistered)}人，人籍分离${count(t.attending_elsewhere)}人。`,
  }];
}

/** Whether a rule is one of the roster's (its paragraph is rosterProblemParagraph, not a generic family's). */
export function isRosterRule(code: string): boolean {
  return (ROSTER_RULES as readonly string[]).includes(code);
}

/**
 * 三、存在问题: the roster family's paragraph. Worst schools first: most pupils not in agreement
 * (空挂 + 无学籍 + 人籍分离), then the largest share of them among the pupils the school's roster and
 * registry name (roster rows + 空挂), then by name.
 */
export function rosterProblemParagraph(data: ReportData, max = 8): Paragraph {
  const schools = data.roster?.schools ?? [];
  const problems = (s: (typeof schools)[number]) => s.registered_not_attending + s.attending_unregistered + s.attending_elsewhere;
  const share = (s: (typeof schools)[number]) => problems(s) / (s.roster + s.registered_not_attending);
  const worst = schools.filter((s) => problems(s) > 0)
    .sort((a, b) => problems(b) - problems(a) || share(b) - share(a) || a.school_name.localeCompare(b.school_name, 'zh-CN'));
  const byRule = new Map(data.rules.map((r) => [r.code, r.findings]));
  const total = ROSTER_RULES.reduce((n, c) => n + (byRule.get(c) ?? 0), 0);
  const items = ROSTER_RULES.filter((c) => byRule.get(c)).map((c) => `${LABELS[c]}${count(byRule.get(c)!)}人`);
  const named = worst.map((s) => {
    const parts = [['空挂学籍', s.registered_not_attending], ['在读无学籍', s.attending_unregistered], ['人籍分离', s.attending_elsewhere]] as const;
    return `${schoolName(s)}（${parts.filter(([, n]) => n > 0).map(([label, n]) => `${label}${count(n)}人`).join('、')}）`;
  });
  return {
    lead: `人籍不一致问题${count(total)}人。`,
    // Every school with a case is named, most cases first: a school is not singled out as 较多 for one or two pupils.
    text: `其中${items.join('、')}，涉及${count(worst.length)}所学校：${listNames(named, max)}。`,
  };
}
