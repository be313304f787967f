/** Crafted fix-list inputs for the fix-list tests: a context with rules of each kind, a school, and rows. */
import type { FixListContext } from '../../../reports/fix-list/fix-list-model.js';
import type { RuleOutcome } from '../../../pipeline/check/rule-runner.js';
import type { FixListRow, SchoolRow } from '../../../reports/report-data.js';

const rule = (code: string, title: string, showId: boolean): RuleOutcome => ({
  code, title, family: '测试', severity: 'error', requires: ['registry'], fix: `${title}的整改要求。`, basis: `${title}的依据（《中小学生学籍管理办法》）。`,
  showId, status: 'fail', findings: 0,
});

export const CONTEXT: FixListContext = {
  campaign: { name: '测试县2025年秋季学籍核查', county: '测试县', bureau: '测试县教育局', asOf: '2025-10-28', deadline: '2025-11-18', schoolYear: 2025 },
  rules: [rule('ID_INVALID', '身份证件号码无效', true), rule('PHOTO_MISSING', '学生照片缺失', false), rule('HEADCOUNT_GAP', '学籍数与现场核查人数差额过大', false)],
};

export const SCHOOL: SchoolRow = { school_code: '2134169999', school_name: '测试小学', district: '城关', findings: 0, byRule: {}, records: 0, seniorRepeats: 0 };

/** A pupil's row: 学籍号 G + a generated ID number (no real person). */
export function pupil(n: number, rule: string, extra: Partial<FixListRow> = {}): FixListRow {
  const id = `3416232015${String(n).padStart(4, '0')}001X`;
  const title = CONTEXT.rules.find((r) => r.code === rule)!.title;
  return {
    rule, title, grade: 3, class_name: '(2)班', student_no: `G${id}`, student_name: `学生${n}`, id_number: id,
    detail: `第${n}条的说明`, finding_id: `f${String(n).padStart(11, '0')}`, follow_up: null, student_key: `G${id}`, ...extra,
  };
}

export function gradeGap(grade: number | null, extra: Partial<FixListRow> = {}): FixListRow {
  return {
    rule: 'HEADCOUNT_GAP', title: '学籍数与现场核查人数差额过大', grade, class_name: null, student_no: null, student_name: null, id_number: null,
    detail: '现场核查 9 人，学籍 6 人，差额 -3 人', finding_id: `g${grade ?? 0}0000000000`, follow_up: null, student_key: null, ...extra,
  };
}

/** The school's counts per rule, as the report data has them. */
export function schoolOf(rows: FixListRow[]): SchoolRow {
  const byRule: Record<string, number> = {};
  for (const r of rows) byRule[r.rule] = (byRule[r.rule] ?? 0) + 1;
  return { ...SCHOOL, findings: rows.length, byRule };
}
