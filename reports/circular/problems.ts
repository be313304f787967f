/**
 * 三、存在问题: one numbered paragraph per problem family that has records (严重 before 提示, most
 * records first), and one for the head count when some 学区 or school is over the threshold. Each lead
 * says what its text shows: how many schools a family touches decides 个别/部分/多数/各学校均, and a
 * school is called 问题较多 only by the rule in standouts.ts.
 */
import { count, gradeName, listNames, percent } from '../chinese-format.js';
import type { ReportData, SchoolRow } from '../report-data.js';
import type { Paragraph } from './circular-model.js';
import { coverage } from './coverage.js';
import { districtName, howMany, localWord, schoolName } from './circular-wording.js';
import { isRosterRule, rosterProblemParagraph } from '../roster/roster-text.js';
import { problemFamilies, type ProblemFamily } from './problem-families.js';
import { RATE_FACTOR, standouts } from './standouts.js';

/** How each family's paragraph reads: what the schools do wrong, and what the text opens with. */
const WORDING: Record<string, { problem: string; intro?: string; method?: string; close?: string; cells?: string }> = {
  身份证件: { problem: '存在学生身份证件信息不准确问题' },
  家庭信息: { problem: '存在学生家庭信息不全问题' },
  学生照片: { problem: '存在学生照片缺失问题' },
  重复学籍: { problem: '存在重复学籍', intro: '学籍实行“一人一号、终身不变”，不得重复建立学籍。' },
  违规留级: { problem: '存在违规留级现象', intro: '义务教育阶段学生不得留级。', method: '经与上一学年学籍比对，' },
  高三复读: { problem: '将高三复读生录入学籍系统', intro: '高三复读生不得录入中小学生学籍系统。', method: '经与上一学年学籍比对，' },
  学籍接续: { problem: '学籍接续工作不到位' },
  年龄与年级: { problem: '存在学生年龄与年级明显不符情况', close: '可能存在出生日期录入错误或隐性留级，须逐人核实。' },
  超计划招生: { problem: '超出招生计划录入学籍', method: '经与招生计划核对，', cells: '在校学籍人数超出招生计划', close: '超出计划录入的学籍须按要求删除。' },
};

/** A family at this many schools or fewer names them all instead of counting them. */
const NAME_ALL = 3;
/** Schools named in one list at most. */
const MAX_NAMED = 10;

/**
 * Problems that are not a rule family's records, in order: each follows the 严重 families and leads the
 * 提示 ones (as the head count is the seed's item 2); a function returning null adds nothing.
 */
const OTHER_PROBLEMS: ((data: ReportData) => Paragraph | null)[] = [headcountParagraph, rosterParagraph];

/** 人籍不一致 (the roster rules), with a roster and problems found: the worst schools named. */
function rosterParagraph(data: ReportData): Paragraph | null {
  const found = data.rules.some((r) => isRosterRule(r) && r.findings > 0);
  return data.roster && found ? rosterProblemParagraph(data) : null;
}

/** The numbered paragraphs of 三、存在问题. */
export function problems(data: ReportData): Paragraph[] {
  const families = problemFamilies(data);
  const serious = families.filter((f) => f.severity === 'error').map((f) => familyParagraph(data, f));
  const others = OTHER_PROBLEMS.map((p) => p(data)).filter((p): p is Paragraph => p !== null);
  const hints = families.filter((f) => f.severity !== 'error').map((f) => familyParagraph(data, f));
  return [...serious, ...others, ...hints].map((p, i) => ({ ...p, lead: `${i + 1}.${p.lead ?? ''}` }));
}

function familyParagraph(data: ReportData, family: ProblemFamily): Paragraph {
  const words = WORDING[family.name] ?? { problem: `存在${family.name}问题` };
  const reporting = coverage(data).reporting;
  const schools = data.schools.filter((s) => s.school_code !== '' && family.at(s) > 0);
  const lead = `${howMany(schools.length, Math.max(reporting.length, schools.length))}${words.problem}。`;
  const found = family.group ? `${groupCells(data, family)}${words.cells ?? `存在${family.name}问题`}` : family.parts.map((p) => `${p.phrase}${count(p.total)}条${damagedIds(data, p.code)}`).join('、');
  // A few schools are named outright, and so are all of them when every one stands out (a problem only
  // high schools can have); among more, only those that stand out (standouts.ts).
  const out = family.group ? [] : standoutSchools(data, family);
  const named = !family.group && (schools.length <= NAME_ALL || (out.length === schools.length && schools.length <= MAX_NAMED));
  const touched = named ? `${schools.map(schoolName).join('、')}${schools.length > NAME_ALL ? `${count(schools.length)}所学校` : ''}` : `${count(schools.length)}所学校`;
  return {
    lead,
    text: `${words.intro ?? ''}${words.method ?? '经比对，'}发现${found}，涉及${touched}。${named ? '' : standoutText(data, family, out)}${words.close ?? ''}`,
  };
}

/** ID numbers a spreadsheet stored as numbers lose their last digits (the contract's ID_INVALID). */
function damagedIds(data: ReportData, code: string): string {
  return code === 'ID_INVALID' && data.excelDamagedIds ? `（其中${count(data.excelDamagedIds)}条因在电子表格中按数字保存，号码后三位变为000）` : '';
}

/** A group-level family's school × grade cells, named: "城关园李小学一年级、城北中学七年级". */
function groupCells(data: ReportData, family: ProblemFamily): string {
  const codes = new Set(family.parts.map((p) => p.code));
  const cells = data.groupFindings.filter((g) => codes.has(g.rule)).map((g) => `${schoolName(g)}${gradeName(g.grade)}`);
  return `${listNames(cells, 20)}${cells.length > 20 ? `${count(cells.length)}处` : ''}`;
}

/** The schools of a family that stand out (standouts.ts), the county's rate with them. */
function standoutSchools(data: ReportData, family: ProblemFamily) {
  const result = standouts(data.schools.filter((s) => s.school_code !== '').map((s) => ({ unit: s, n: family.at(s), records: s.records })));
  return result.units.map((u) => ({ ...u, countyRate: result.countyRate }));
}

/** "其中甲（12条）、乙（9条）问题较多，……": chosen by rate, listed by count. */
function standoutText(data: ReportData, family: ProblemFamily, out: ReturnType<typeof standoutSchools>): string {
  if (out.length === 0) return '';
  const one = out.length === 1;
  const names = [...out].sort((a, b) => b.n - a.n).slice(0, MAX_NAMED).map((u) => `${schoolName(u.unit)}（${count(u.n)}条）`);
  return `其中${names.join('、')}${out.length > MAX_NAMED ? `等${count(out.length)}所学校` : ''}问题较多，${one ? '其' : '各校'}问题学籍占本校学籍的比例${one ? '' : '均'}达到全${localWord(data.campaign.county)}平均水平（${percent(out[0].countyRate)}）的${RATE_FACTOR}倍以上。${districtText(data, family)}`;
}

/** 学区 that stand out by the same rule, when they are fewer than half of them. */
function districtText(data: ReportData, family: ProblemFamily): string {
  const byDistrict = new Map<string, SchoolRow[]>();
  for (const s of data.schools) if (s.school_code !== '') byDistrict.set(s.district, [...(byDistrict.get(s.district) ?? []), s]);
  const units = [...byDistrict.entries()].map(([d, list]) => ({ unit: d, n: list.reduce((k, s) => k + family.at(s), 0), records: list.reduce((k, s) => k + s.records, 0) }));
  const out = standouts(units).units;
  if (out.length === 0 || out.length * 2 >= units.length) return '';
  return `从学区看，问题主要集中在${out.map((u) => districtName(u.unit)).join('、')}。`;
}

/**
 * The head count's paragraph: the 学区 over the threshold (more registry than pupils, or fewer), then
 * the schools or school × grade cells over it, largest ratio first. Null when nothing is over it: the
 * lead must never say 差额率较大 where the text says all are within the threshold.
 */
function headcountParagraph(data: ReportData): Paragraph | null {
  const h = data.headcount;
  if (!h) return null;
  const t = data.threshold;
  const limit = percent(t, 0);
  const overOf = (sign: 1 | -1) => h.districts.filter((d) => d.ratio !== null && sign * d.ratio > t).sort((a, b) => sign * (b.ratio! - a.ratio!)).map((d) => districtName(d.district));
  const more = overOf(1);
  const fewer = overOf(-1);
  const cells = data.gapCells;
  if (more.length + fewer.length === 0 && cells.length === 0) return null;
  const byGrade = cells.some((c) => c.grade !== null);
  const cellNames = cells.slice(0, 20).map((c) => `${schoolName(c)}${gradeName(c.grade)}`);
  const cellText = cells.length ? `${byGrade ? '各年级' : '各学校'}差额率问题较大的有：${cellNames.join('、')}${cells.length > 20 ? `等${count(cells.length)}处` : ''}。` : '';
  if (more.length + fewer.length === 0) {
    const schools = new Set(cells.map((c) => c.school_code)).size;
    return { lead: `各学区差额率均在${limit}以内，但${howMany(schools, h.schools.length)}差额率较大。`, text: cellText };
  }
  const over = more.length + fewer.length;
  const lead = over === h.districts.length ? `各学区学籍核查差额率均超过${limit}。` : `${howMany(over, h.districts.length, '学区')}${cells.length ? '和学校' : ''}学籍核查差额率较大。`;
  const parts = [
    more.length ? `${more.join('、')}，学籍数大于在校生数，差额率超过${limit}` : '',
    fewer.length ? `${fewer.join('、')}，在校生数大于学籍数，差额率超过${limit}` : '',
  ].filter(Boolean);
  return { lead, text: `在此次学籍核查中，学籍差额较大的学区为：${parts.join('；')}。${cellText}` };
}
