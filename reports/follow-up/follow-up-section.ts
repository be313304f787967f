/**
 * index.html's 整改落实 section (templates/partials/follow-up.hbs): the follow-up's counts, the per-school
 * table of 附件.xlsx's 整改落实 sheet, and the answers a bureau must review: every 无需整改 and 无法整改
 * with the school's 说明, school by school, and whether this campaign still finds the problem.
 */
import { htmlTable } from '../attachment-tables.js';
import { count, gradeName, percent } from '../chinese-format.js';
import type { FollowUpData } from './follow-up-data.js';
import { followUpTable } from './follow-up-tables.js';

export function followUpReview(data: { followUp?: FollowUpData | null }) {
  const f = data.followUp;
  if (!f) return null;
  const t = f.total;
  const table = followUpTable(f, '各学校整改落实情况');
  return {
    hasPrevious: f.hasPrevious,
    previousName: f.previousName,
    cards: f.hasPrevious ? [
      { label: '上次通报问题', value: count(t.previous) },
      { label: '已整改', value: `${count(t.resolved)}（${percent(t.previous ? t.resolved / t.previous : null)}）` },
      { label: '整改不实', value: count(t.falseClaims) },
      { label: '本次新增', value: count(t.new) },
      { label: '反弹', value: count(t.relapsed) },
    ] : [],
    answers: [['已整改', f.answers.已整改], ['无需整改', f.answers.无需整改], ['无法整改', f.answers.无法整改], ['未填', f.answers.未填]].map(([label, n]) => ({ label, n })),
    returnFiles: f.returnFiles,
    returnProblems: f.returnProblems,
    table: table ? htmlTable(table) : null,
    review: f.review.map((r) => ({
      district: r.district, school: r.school_name, code: r.school_code, id: r.finding_id, title: r.title, gradeText: gradeName(r.grade),
      answer: r.answer, note: r.note, status: f.hasPrevious ? (r.stillFound ? '仍存在' : '已消除') : '',
    })),
  };
}
