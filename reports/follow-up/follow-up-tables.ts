/**
 * 附件.xlsx sheet 整改落实: per school, the last campaign's problems, resolved (gone now), still open,
 * of which 整改不实, the rate, and this campaign's new and 反弹 problems; a 合计 row equal to
 * summary.json `follow_up`. Only with a previous run.
 */
import type { FollowUpData } from './follow-up-data.js';
import { tableSheetOptions, type SheetOptions, type TableModel } from '../write/workbook-writer.js';

const rate = (resolved: number, previous: number): number | null => (previous ? resolved / previous : null);

export function followUpTable(data: FollowUpData | null | undefined, title: string): TableModel | null {
  if (!data?.hasPrevious) return null;
  const t = data.total;
  return {
    title, sheet: '整改落实',
    header: ['序号', '学区', '学校', '学校标识码', '上次通报问题数', '已整改', '仍未整改', '其中整改不实', '整改率', '本次新增问题', '反弹'],
    rows: [
      ...data.schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.school_code, s.previous, s.resolved, s.previous - s.resolved, s.falseClaims, rate(s.resolved, s.previous), s.new, s.relapsed] })),
      { values: ['合计', '', '', '', t.previous, t.resolved, t.previous - t.resolved, t.falseClaims, rate(t.resolved, t.previous), t.new, t.relapsed], total: true },
    ],
    ratioColumns: [8], numberColumns: [0, 4, 5, 6, 7, 9, 10],
  };
}

/** The sheet for 附件.xlsx, or none. */
export function followUpSheets(data: { followUp?: FollowUpData | null; campaign: { county: string } }): { name: string; options: SheetOptions }[] {
  const table = followUpTable(data.followUp, `${data.campaign.county}上次核查问题整改落实情况表（学校）`);
  return table ? [{ name: table.sheet, options: { ...tableSheetOptions(table), landscape: true } }] : [];
}
