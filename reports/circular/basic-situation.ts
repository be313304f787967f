/**
 * 一、基本情况: what was checked (schools, records, the 学区 and schools that sent no data), the head
 * count against the registry, and how many problem records were found. Each paragraph is a function of
 * the report data that returns nothing when the data do not support it.
 */
import { chineseDate, count, listNames, percent } from '../chinese-format.js';
import type { ReportData } from '../report-data.js';
import type { Paragraph } from './circular-model.js';
import { coverage, pupilFindings } from './coverage.js';
import { districtName, localWord, schoolName } from './circular-wording.js';
import { rosterSituation } from '../roster/roster-text.js';
import { isHeadcountRule } from './problem-families.js';

/** The paragraphs of 一、基本情况, in order; a builder returning null adds nothing. */
const PARAGRAPHS: ((data: ReportData) => Paragraph | null)[] = [scope, headcount, rosterSituation, findings];

export const basicSituation = (data: ReportData): Paragraph[] => PARAGRAPHS.map((p) => p(data)).filter((p): p is Paragraph => p !== null);

function scope(data: ReportData): Paragraph {
  const place = localWord(data.campaign.county);
  const c = coverage(data);
  const listed = c.reporting.length + c.silent.length;
  const districts = new Set([...c.reporting, ...c.silent].map((s) => s.district)).size;
  const basis = `本次核查以${chineseDate(data.campaign.asOf)}为基准日，`;
  if (c.silent.length === 0) {
    return { text: `${basis}对全${place}${count(districts)}个学区${count(listed)}所学校报送的电子学籍数据进行了逐条比对，共比对电子学籍${count(data.registryRecords)}条。` };
  }
  // A 学区 none of whose schools sent data is named as the 学区; the other silent schools one by one.
  const partly = c.silent.filter((s) => !c.silentDistricts.includes(s.district));
  const named = [...c.silentDistricts.map(districtName), ...(partly.length ? [listNames(partly.map(schoolName), 20)] : [])].join('、');
  return {
    text: `${basis}全${place}${count(districts)}个学区${count(listed)}所学校中，${count(c.reporting.length)}所学校报送了电子学籍数据，共比对电子学籍${count(data.registryRecords)}条；`
      + `${named}未报送学籍数据${c.silentDistricts.length || partly.length > 20 ? `（共${count(c.silent.length)}所学校）` : ''}，须立即报送。`,
  };
}

function headcount(data: ReportData): Paragraph | null {
  const h = data.headcount;
  if (!h) return null;
  const t = h.total;
  const gap = t.diff > 0 ? `学籍数比现场核查学生数多${count(t.diff)}人` : t.diff < 0 ? `现场核查学生数比学籍数多${count(-t.diff)}人` : '二者人数一致';
  return { text: `共现场核查${count(h.schools.length)}所学校，现场核查学生${count(t.onsite)}人，对应在校学籍${count(t.registry)}人，${gap}，学籍差额比例为${percent(t.ratio)}。` };
}

function findings(data: ReportData): Paragraph {
  const c = coverage(data);
  const ofPupils = pupilFindings(data);
  const withRecords = data.schools.filter((s) => s.school_code !== '' && ofPupils(s) > 0).length;
  // Group-level findings are school × grade cells, named by what they are rather than counted as records.
  const cells = data.rules
    .filter((r) => r.status !== 'skipped' && data.groupFindings.some((g) => g.rule === r.code))
    .map((r) => {
      const n = data.groupFindings.filter((g) => g.rule === r.code).length;
      const unit = data.groupFindings.some((g) => g.rule === r.code && g.grade !== null) ? '个学校年级' : '所学校';
      return isHeadcountRule(r) ? `${count(n)}${unit}学籍差额比例超过${percent(data.threshold, 0)}` : `${count(n)}${unit}${r.title}`;
    });
  if (data.studentFindings === 0 && cells.length === 0) {
    return { text: `经数据比对，${c.reporting.length ? '各学校' : ''}未发现问题学籍。` };
  }
  const records = data.studentFindings ? `共发现问题学籍${count(data.studentFindings)}条，涉及${count(withRecords)}所学校` : '未发现问题学籍';
  return { text: `经数据比对，${records}${cells.length ? `；另有${cells.join('，')}` : ''}。各学校整改清单随本通报一并下发。` };
}
