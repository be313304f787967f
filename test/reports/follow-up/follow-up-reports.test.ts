import { describe, expect, it } from 'vitest';
import type { FollowUpData, FollowUpSchool } from '../../../reports/follow-up/follow-up-data.js';
import { falseClaimSchools, followUpSection } from '../../../reports/follow-up/follow-up-text.js';
import { circularText } from '../../../reports/circular/circular-text.js';
import { craftedReportData } from '../../helpers/report-data.js';
import { followUpTable } from '../../../reports/follow-up/follow-up-tables.js';
import { followUpReview } from '../../../reports/follow-up/follow-up-section.js';

const school = (code: string, name: string, district: string, previous: number, resolved: number, falseClaims: number, added = 0, relapsed = 0): FollowUpSchool =>
  ({ school_code: code, school_name: name, district, previous, resolved, falseClaims, new: added, relapsed });

function data(schools: FollowUpSchool[], answers = { 已整改: 5, 无需整改: 2, 无法整改: 1, 未填: 4 }): FollowUpData {
  const total = { previous: 0, resolved: 0, falseClaims: 0, new: 0, relapsed: 0 };
  for (const s of schools) for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
  return {
    hasPrevious: true, previousName: '利辛县2025年秋季学期中小学学籍核查', previousAsOf: '2025-10-28', schools, total, answers,
    returnFiles: 3, returnedSchools: 3, returnProblems: 2,
    review: [{ district: '城北', school_code: '1', school_name: '城北中心小学', finding_id: 'aaaaaaaaaaaa', title: '学生照片缺失', grade: 3, answer: '无法整改', note: '学生已转学', stillFound: true }],
  };
}

const county = [
  school('1', '城北中心小学', '城北', 4, 1, 1, 2),
  school('2', '杜竹园小学', '张村', 2, 0, 2),
  school('3', '利辛县第一中学', '县直', 6, 2, 2, 0, 1),
  school('4', '城关小学', '城关', 0, 0, 0, 1),
];
const report = (d: FollowUpData | null) => ({ followUp: d, campaign: { bureau: '利辛县教育局' } });

describe('the circular\'s 整改落实情况', () => {
  it('says how many of the last campaign\'s problems were fixed, the rate, and names the 整改不实 schools worst first', () => {
    const section = followUpSection(report(data(county)))!;
    expect(section.heading).toBe('整改落实情况');
    expect(section.paragraphs.map((p) => `${p.lead ?? ''}${p.text}`)).toEqual([
      '利辛县2025年秋季学期中小学学籍核查（核查基准日2025年10月28日）通报问题12条。各学校报送整改清单3份，涉及3所学校。经本次核查数据比对，已整改到位3条，整改率25.00%；仍未整改9条。',
      // Two cases each: the larger share of the school's problems first (2 of 2 before 2 of 6).
      '部分学校整改不实。学校报告“已整改”、但本次核查数据显示问题仍然存在的共5条，涉及3所学校：张村学区杜竹园小学（2条）、利辛县第一中学（2条）、城北中心小学（1条）。上述学校要查明原因，如实整改，不得虚报整改结果。',
      '学校报告“无需整改”2条、“无法整改”1条，利辛县教育局将逐条复核其说明；另有4条问题未报送整改情况。',
      '本次核查新发现问题3条；此前已整改的问题再次出现（反弹）1条。',
    ]);
    expect(falseClaimSchools(data(county)).map((s) => s.school_code)).toEqual(['2', '3', '1']);
  });

  it('claims nothing it cannot show: no 已整改 answers, no sentence about them; no previous run, no section', () => {
    const honest = followUpSection(report(data([school('1', '城北中心小学', '城北', 4, 4, 0)], { 已整改: 0, 无需整改: 0, 无法整改: 0, 未填: 4 })))!;
    expect(honest.paragraphs.map((p) => p.text)).toEqual([
      '利辛县2025年秋季学期中小学学籍核查（核查基准日2025年10月28日）通报问题4条。各学校报送整改清单3份，涉及3所学校。经本次核查数据比对，已整改到位4条，整改率100.00%；仍未整改0条。',
      '另有4条问题未报送整改情况。',
      '本次核查新发现问题0条。',
    ]);
    expect(followUpSection(report(null))).toBeNull();
    expect(followUpSection(report({ ...data(county), hasPrevious: false }))).toBeNull();
  });

  it('goes after 基本情况, the headings after it renumbered', () => {
    const base = craftedReportData({ schools: [{ code: '1', name: '城北中心小学', district: '城北', records: 100, byRule: { ID_MISSING: 3 } }] });
    expect(circularText({ ...base, followUp: data(county) }).sections.map((s) => s.heading)).toEqual(['一、基本情况', '二、整改落实情况', '三、主要成绩', '四、存在问题', '五、下步工作要求']);
    expect(circularText({ ...base, followUp: null }).sections.map((s) => s.heading)).toEqual(['一、基本情况', '二、主要成绩', '三、存在问题', '四、下步工作要求']);
  });
});

describe('附件.xlsx 整改落实 and the overview', () => {
  it('has a row per school and a 合计 row: previous, resolved, still open, 整改不实, rate, new, 反弹', () => {
    const table = followUpTable(data(county), '整改落实情况表')!;
    expect(table.sheet).toBe('整改落实');
    expect(table.rows.map((r) => r.values)).toEqual([
      [1, '城北', '城北中心小学', '1', 4, 1, 3, 1, 0.25, 2, 0],
      [2, '张村', '杜竹园小学', '2', 2, 0, 2, 2, 0, 0, 0],
      [3, '县直', '利辛县第一中学', '3', 6, 2, 4, 2, 2 / 6, 0, 1],
      [4, '城关', '城关小学', '4', 0, 0, 0, 0, null, 1, 0],
      ['合计', '', '', '', 12, 3, 9, 5, 0.25, 3, 1],
    ]);
    expect(table.rows[4].total).toBe(true);
    expect(followUpTable({ ...data(county), hasPrevious: false }, 'x')).toBeNull();
  });

  it('lists the answers to review with whether the problem is still found', () => {
    const view = followUpReview({ followUp: data(county) })!;
    expect(view.review).toEqual([{ district: '城北', school: '城北中心小学', code: '1', id: 'aaaaaaaaaaaa', title: '学生照片缺失', gradeText: '三年级', answer: '无法整改', note: '学生已转学', status: '仍存在' }]);
    expect(view.cards.map((c) => c.value)).toEqual(['12', '3（25.00%）', '5', '3', '1']);
    expect(followUpReview({ followUp: null })).toBeNull();
  });
});
