/**
 * 二、主要成绩, from the data as the seed writes it: the 学区 and schools named for what they did well.
 * Only 学区 every school of which sent data, and only schools that sent data, are ever praised (a school
 * that sent nothing has no problem records either). Each paragraph is written only when the data hold
 * it up; when none do, the section is left out.
 */
import { count, joinAnd, listNames, percent } from '../chinese-format.js';
import type { ReportData, SchoolRow } from '../report-data.js';
import type { Paragraph } from './circular-model.js';
import { coverage, pupilFindings, type Coverage } from './coverage.js';
import { districtName, localWord, schoolName } from './circular-wording.js';
import { familiesOfRule, problemFamilies } from './problem-families.js';
import { RATE_FACTOR, standouts } from './standouts.js';

/** The paragraphs of 二、主要成绩, in order; a builder returning null adds nothing. */
const PARAGRAPHS: ((data: ReportData, c: Coverage) => Paragraph | null)[] = [everySchoolReported, completeInformation, cleanSchools, fewProblems, headcountWithin];

export function achievements(data: ReportData): Paragraph[] {
  const c = coverage(data);
  return PARAGRAPHS.map((p) => p(data, c)).filter((p): p is Paragraph => p !== null);
}

const MAX_NAMES = 12;
const names = (list: string[]) => listNames(list, MAX_NAMES);

function everySchoolReported(data: ReportData, c: Coverage): Paragraph | null {
  if (c.silent.length || c.reporting.length === 0) return null;
  const headcounts = new Set(data.headcount?.schools.map((s) => s.school_code));
  const all = data.headcount && c.reporting.every((s) => headcounts.has(s.school_code));
  return { text: `各学区、各学校按照要求报送了电子学籍数据${all ? '和现场核查学生数' : ''}，全${localWord(data.campaign.county)}${count(c.reporting.length)}所学校无一遗漏。` };
}

/**
 * 学区 whose records show no problem of identity, photo or family data (the seed's "学籍系统中照片和身份证号码
 * 信息基本做到100%，学生家庭信息较完善"), for the kinds of information the rules checked.
 */
function completeInformation(data: ReportData, c: Coverage): Paragraph | null {
  // A kind is claimed complete only where every registry file had its columns (a rule judges no absent column).
  const kinds = [
    { family: '身份证件', words: '身份证件号码', columns: ['id_number'] },
    { family: '学生照片', words: '照片', columns: ['photo'] },
    { family: '家庭信息', words: '家庭信息', columns: ['hukou', 'address'] },
  ].filter((k) => k.columns.every((c) => data.registryColumns.includes(c)) && data.rules.some((r) => r.status !== 'skipped' && familiesOfRule(r).includes(k.family)));
  if (kinds.length === 0) return null;
  const families = problemFamilies(data);
  const problemsIn = (family: string, schools: SchoolRow[]) => {
    const f = families.find((x) => x.name === family);
    return f ? schools.reduce((n, s) => n + f.at(s), 0) : 0;
  };
  // 学区 with no problem record at all are praised for that in the next paragraph.
  const complete = c.fullDistricts.filter((d) => {
    const schools = c.reporting.filter((s) => s.district === d);
    return kinds.every((k) => problemsIn(k.family, schools) === 0) && schools.some((s) => s.findings > 0);
  });
  if (complete.length === 0) return null;
  return { text: `${names(complete.map(districtName))}学籍信息健全，学籍系统中学生${joinAnd(kinds.map((k) => k.words))}完整准确，未发现缺失或错误。` };
}

/** Schools (and whole 学区) with no problem record; 生籍一致 only where their head count agrees with the registry. */
function cleanSchools(data: ReportData, c: Coverage): Paragraph | null {
  const cleanDistricts = c.fullDistricts.filter((d) => c.reporting.filter((s) => s.district === d).every((s) => s.findings === 0));
  const clean = c.reporting.filter((s) => s.findings === 0 && !cleanDistricts.includes(s.district));
  if (cleanDistricts.length + clean.length === 0) return null;
  const hc = new Map(data.headcount?.schools.map((s) => [s.school_code, s]));
  const agrees = (s: SchoolRow) => hc.get(s.school_code)?.diff === 0;
  const sentences: string[] = [];
  if (cleanDistricts.length) sentences.push(`${names(cleanDistricts.map(districtName))}所属学校均未发现问题学籍`);
  const consistent = clean.filter(agrees);
  const others = clean.filter((s) => !agrees(s));
  const list = (schools: SchoolRow[]) => `${names(schools.map(schoolName))}${schools.length > MAX_NAMES ? `${count(schools.length)}所学校` : ''}`;
  if (consistent.length) sentences.push(`${list(consistent)}未发现问题学籍，学籍数与现场核查学生数一致`);
  if (others.length) sentences.push(`${list(others)}未发现问题学籍`);
  return { text: `${sentences.join('；')}。` };
}

/**
 * 学区 whose share of problem records is at most the county's divided by RATE_FACTOR (the mirror of
 * 问题较多, standouts.ts), with both shares, so the reader can check them against the tables.
 */
function fewProblems(data: ReportData, c: Coverage): Paragraph | null {
  const ofPupils = pupilFindings(data);
  const units = c.fullDistricts.map((d) => {
    const schools = c.reporting.filter((s) => s.district === d);
    return { unit: d, n: schools.reduce((k, s) => k + ofPupils(s), 0), records: schools.reduce((k, s) => k + s.records, 0) };
  });
  const { countyRate } = standouts(units);
  const low = units.filter((u) => u.n > 0 && u.records > 0 && (u.n / u.records) * RATE_FACTOR <= countyRate);
  if (low.length === 0 || low.length === units.length) return null;
  const named = low.map((u) => `${districtName(u.unit)}（${percent(u.n / u.records)}）`);
  return { text: `${names(named)}问题学籍占本学区学籍的比例明显低于全${localWord(data.campaign.county)}平均水平（${percent(countyRate)}），学籍数据质量较好。` };
}

/** The head count within the threshold: every 学区, or those that agree exactly. */
function headcountWithin(data: ReportData, c: Coverage): Paragraph | null {
  const h = data.headcount;
  if (!h || h.districts.length === 0) return null;
  const limit = percent(data.threshold, 0);
  const praised = h.districts.filter((d) => c.fullDistricts.includes(d.district));
  const exact = praised.filter((d) => d.diff === 0).map((d) => districtName(d.district));
  const within = (d: { ratio: number | null }) => d.ratio !== null && Math.abs(d.ratio) <= data.threshold;
  if (h.districts.every(within) && praised.length === h.districts.length) {
    return { text: `各学区学籍数与现场核查学生数基本一致，差额比例均在${limit}以内${exact.length ? `，其中${names(exact)}完全一致` : ''}。` };
  }
  if (exact.length) return { text: `${names(exact)}学籍数与现场核查学生数完全一致。` };
  const inside = praised.filter(within).map((d) => districtName(d.district));
  return inside.length ? { text: `${names(inside)}学籍差额比例控制在${limit}以内。` } : null;
}
