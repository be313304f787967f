/**
 * The text of the circular (通报), modelled on the Lixin circular (seed 003): heading, 一、基本情况,
 * 二、主要成绩, 三、存在问题 (one numbered paragraph per problem family, worst first), 四、下步工作要求,
 * and the two attachments. Aggregates only: school and 学区 names and counts, never a pupil.
 */
import { chineseDate, count, gradeName, listNames, percent } from './chinese-format.js';
import type { ReportData, SchoolRow } from './report-data.js';
import { isRosterFamily, rosterProblemParagraph, rosterSituation } from './roster-text.js';

export interface Paragraph {
  /** A bold opening sentence, as the seed's numbered problems have. */
  lead?: string;
  text: string;
}

export interface CircularText {
  bureau: string;
  title: string;
  addressee: string;
  opening: string;
  sections: { heading: string; paragraphs: Paragraph[] }[];
  attachments: string[];
  signature: string;
  date: string;
}

/** "张村学区杜竹园教学点"; no prefix when the name already says it, or for county-level (县直) schools. */
const inDistrict = (district: string, school: string) => (school.startsWith(district) || district.endsWith('直') || district.startsWith('（') ? school : `${district}学区${school}`);
const withDistrict = (s: SchoolRow) => inDistrict(s.district, s.school_name);

function familiesOf(data: ReportData): { family: string; rules: ReportData['rules']; findings: number; headcount: boolean }[] {
  const families = new Map<string, ReportData['rules']>();
  for (const r of data.rules) {
    if (r.status === 'skipped') continue;
    families.set(r.family, [...(families.get(r.family) ?? []), r]);
  }
  return [...families.entries()]
    .map(([family, rules]) => ({ family, rules, findings: rules.reduce((n, r) => n + r.findings, 0), headcount: rules.every((r) => r.requires.includes('headcounts')) }))
    .filter((f) => f.findings > 0)
    .sort((a, b) => b.findings - a.findings);
}

function topSchools(data: ReportData, codes: string[], max = 8): string {
  const rows = data.schools
    .map((s) => ({ s, n: codes.reduce((k, c) => k + (s.byRule[c] ?? 0), 0) }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  return listNames(rows.map((x) => `${withDistrict(x.s)}（${count(x.n)}条）`), max);
}

function basicSituation(data: ReportData): Paragraph[] {
  const { campaign, headcount } = data;
  const schoolsWithFindings = data.schools.filter((s) => s.findings > 0).length;
  const scope = headcount
    ? `对${count(headcount.districts.length)}个学区的${count(headcount.schools.length)}所学校进行了现场核查，现场核查学生${count(headcount.total.onsite)}人，对应电子学籍数为${count(headcount.total.registry)}人，${
      headcount.total.diff >= 0 ? `学籍数比在校生数多${count(headcount.total.diff)}人` : `在校生数比学籍数多${count(-headcount.total.diff)}人`}，学籍差额比例为${percent(headcount.total.ratio)}`
    : `本次未报送现场核查学生数`;
  return [
    { text: `截至${chineseDate(campaign.asOf)}，${campaign.county || '全县'}${count(data.districts.length)}个学区${count(data.schools.length)}所学校参加了学籍核查，共比对电子学籍${count(data.registryRecords)}条。${scope}。` },
    ...rosterSituation(data),
    { text: `经数据比对，共发现问题学籍${count(data.studentFindings)}条，涉及${count(schoolsWithFindings)}所学校${data.totalFindings > data.studentFindings ? `；另有学校年级层面的问题${count(data.totalFindings - data.studentFindings)}项` : ''}。各学校问题清单已随本通报下发。` },
  ];
}

function achievements(data: ReportData): Paragraph[] {
  const cleanDistricts = data.districts.filter((d) => d.findings === 0 && d.schools > 0).map((d) => d.district);
  const cleanSchools = data.schools.filter((s) => s.findings === 0).map(withDistrict);
  const identityAndFamily = data.rules.filter((r) => r.status !== 'skipped' && (r.family === '身份证件' || r.family === '家庭信息')).map((r) => r.code);
  const completeDistricts = data.districts.filter((d) => d.schools > 0 && d.findings > 0 && identityAndFamily.every((c) => !d.byRule[c])).map((d) => d.district);
  const paragraphs: Paragraph[] = [{ text: '各学校能够按照要求开展学籍自查自纠，明确学籍管理人员职责，及时完善学籍信息，学籍数据质量进一步提升。' }];
  if (cleanDistricts.length) paragraphs.push({ text: `${listNames(cleanDistricts, 12)}学区未发现问题学籍，学籍管理规范。` });
  if (cleanSchools.length) paragraphs.push({ text: `${listNames(cleanSchools, 12)}${cleanSchools.length > 12 ? `${count(cleanSchools.length)}所学校` : ''}未发现问题学籍，生籍一致。` });
  if (completeDistricts.length) paragraphs.push({ text: `${listNames(completeDistricts, 12)}学区学生身份证件和家庭信息完整。` });
  return paragraphs;
}

function headcountParagraph(data: ReportData): Paragraph {
  const h = data.headcount!;
  const t = data.threshold;
  const over = h.districts.filter((d) => d.ratio !== null && d.ratio > t).sort((a, b) => b.ratio! - a.ratio!).map((d) => `${d.district}学区`);
  const under = h.districts.filter((d) => d.ratio !== null && d.ratio < -t).sort((a, b) => a.ratio! - b.ratio!).map((d) => `${d.district}学区`);
  const parts: string[] = [];
  if (over.length) parts.push(`学籍差额较大的学区为：${over.join('、')}，学籍数大于在校生数，差额率超过${percent(t, 0)}`);
  if (under.length) parts.push(`${over.length ? '；' : ''}${under.join('、')}在校生数大于学籍数，差额率超过${percent(t, 0)}`);
  const cells = data.gapCells.slice(0, 20).map((c) => `${inDistrict(c.district, c.school_name)}${gradeName(c.grade)}`);
  const cellText = cells.length ? `各${data.gapCells.some((c) => c.grade !== null) ? '年级' : '学校'}差额率问题较大的有：${cells.join('、')}${data.gapCells.length > 20 ? `等${count(data.gapCells.length)}处` : ''}。` : '';
  const intro = parts.length ? `在此次学籍核查中，${parts.join('')}。` : `各学区差额率均未超过${percent(t, 0)}。`;
  return { lead: '个别学区和学校学籍核查差额率较大。', text: `${intro}${cellText}` };
}

function problemParagraph(data: ReportData, family: ReturnType<typeof familiesOf>[number]): Paragraph {
  const items = family.rules.filter((r) => r.findings > 0).map((r) => `${r.title}${count(r.findings)}条`);
  const codes = family.rules.map((r) => r.code);
  const schools = data.schools.filter((s) => codes.some((c) => s.byRule[c]));
  const damaged = codes.includes('ID_INVALID') && data.excelDamagedIds ? `（其中${count(data.excelDamagedIds)}条身份证件号码被 Excel 按数字保存而损坏）` : '';
  return {
    lead: `${family.family}方面问题${count(family.findings)}条。`,
    text: `其中${items.join('、')}${damaged}，涉及${count(schools.length)}所学校。问题较多的学校有：${topSchools(data, codes)}。`,
  };
}

export function circularText(data: ReportData): CircularText {
  const { campaign } = data;
  const bureau = campaign.bureau || `${campaign.county}教育局`;
  const subject = campaign.name.startsWith(campaign.county) ? campaign.name.slice(campaign.county.length) : campaign.name;
  const families = familiesOf(data);
  const problems = families.map((f) => (f.headcount && data.headcount ? headcountParagraph(data)
    : data.roster && isRosterFamily(f.rules.map((r) => r.code)) ? rosterProblemParagraph(data, inDistrict) : problemParagraph(data, f)));
  if (data.headcount && !families.some((f) => f.headcount)) problems.push(headcountParagraph(data));
  const numbered = problems.map((p, i) => ({ ...p, lead: `${i + 1}.${p.lead ?? ''}` }));
  const deadline = campaign.deadline ? `于${chineseDate(campaign.deadline)}前` : '在规定期限内';
  return {
    bureau,
    title: `${bureau}关于${subject}情况的通报`,
    addressee: '各学区中心学校、县直学校：',
    opening: `为进一步规范中小学学籍管理，提高电子学籍信息数据的准确性，${bureau}组织开展了${subject}工作，对全县学籍数据进行了全面比对核查。现将核查情况通报如下：`,
    sections: [
      { heading: '一、基本情况', paragraphs: basicSituation(data) },
      { heading: '二、主要成绩', paragraphs: achievements(data) },
      { heading: '三、存在问题', paragraphs: numbered.length ? numbered : [{ text: '本次核查未发现问题学籍。' }] },
      {
        heading: '四、下步工作要求',
        paragraphs: [
          { lead: '1.提高认识，加强管理。', text: '中小学学籍管理是学校教育教学管理的重要组成部分，是义务教育保障经费拨付、免费教科书发放的重要依据之一。各学校要切实提高对学籍管理政策性和严肃性的认识，实事求是，提高学籍管理质量。' },
          { lead: '2.定期核查，强化控辍保学。', text: '各学区和学校学籍管理员要定期核查各班级在校学生和学籍异动情况，跟踪转出学生去向，保证不因转学而失学，落实学校和教师控辍保学职责。' },
          { lead: '3.限期整改，落实责任。', text: `对于本次通报的问题，各学校要对照整改清单逐条核实、逐班核对，${deadline}完成整改，并将填写整改情况的整改清单报送县教育局。对问题严重、整改不到位的学校，县教育局将追踪整改，并追究相关责任人的责任。` },
        ],
      },
    ],
    attachments: [`${campaign.county}${subject}情况表（学区）`, `${campaign.county}${subject}情况表（学校）`],
    signature: bureau,
    date: chineseDate(campaign.asOf),
  };
}
