/**
 * 附件.xlsx sheet 人籍核对: per school that sent a 在校生花名册, its registry count against its roster,
 * pupil by pupil (summary.json `roster`), in the spirit of seed 000's 附表1 (学籍系统导出数据学生总数,
 * 本校在读学生人数, 已录入的本校在读学生人数, 已录入非本校在读学生人数, 本省它校学籍学生, 未录入本校生), then 合计.
 */
import type { ReportData } from './report-data.js';
import type { TableModel } from './write/workbook-writer.js';

export const ROSTER_SHEET = '人籍核对';

export function rosterCheckTable(data: ReportData): TableModel | null {
  const roster = data.roster;
  if (!roster) return null;
  const t = roster.total;
  return {
    title: `${data.campaign.county}在校生花名册与学籍人籍核对情况表（学校）`,
    sheet: ROSTER_SHEET,
    header: ['序号', '学区', '学校', '学校标识码', '学籍系统学生数', '花名册人数', '人籍一致', '空挂学籍', '在读无学籍', '人籍分离', '备注'],
    rows: [
      ...roster.schools.map((s, i) => ({
        values: [i + 1, s.district, s.school_name, s.school_code ?? '', s.registry, s.roster, s.matched, s.registered_not_attending, s.attending_unregistered, s.attending_elsewhere, ''],
      })),
      { values: ['合计', '', '', '', t.registry, t.roster, t.matched, t.registered_not_attending, t.attending_unregistered, t.attending_elsewhere, ''], total: true },
    ],
    ratioColumns: [],
    numberColumns: [0, 4, 5, 6, 7, 8, 9],
  };
}
