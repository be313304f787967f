/**
 * The circular's attachments as table models: 附件1 per 学区 and 附件2 per school, laid out like the
 * Lixin circular's (序号, 学区, 现场核查学生数, 学籍数据学生数, 差额人数, 差额比例, 备注, then 合计).
 * Without head counts, the same tables count problem records instead. HTML and xlsx render the same model.
 */
import { ratio3 } from './chinese-format.js';
import type { ReportData } from './report-data.js';
import type { CellValue, TableModel } from './write/workbook-writer.js';

export type { CellValue, TableModel };

/** 备注 stays empty, as in the seed's attachments (the circular's text names the districts over the threshold). */
const remark = (): string => '';

export function attachmentTables(data: ReportData, titles: string[]): TableModel[] {
  const h = data.headcount;
  if (h) {
    return [
      {
        title: titles[0], sheet: '学区',
        header: ['序号', '学区', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注'],
        rows: [
          ...h.districts.map((d, i) => ({ values: [i + 1, d.district, d.onsite, d.registry, d.diff, d.ratio, remark()] })),
          { values: ['合计', '', h.total.onsite, h.total.registry, h.total.diff, h.total.ratio, ''], total: true },
        ],
        ratioColumns: [5], numberColumns: [0, 2, 3, 4],
      },
      {
        title: titles[1], sheet: '学校',
        header: ['序号', '学区', '学校', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注'],
        rows: [
          ...h.schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.onsite, s.registry, s.diff, s.ratio, remark()] })),
          { values: ['合计', '', '', h.total.onsite, h.total.registry, h.total.diff, h.total.ratio, ''], total: true },
        ],
        ratioColumns: [6], numberColumns: [0, 3, 4, 5],
      },
    ];
  }
  const schools = data.schools;
  return [
    {
      title: titles[0], sheet: '学区',
      header: ['序号', '学区', '学校数', '有问题学校数', '问题记录数', '备注'],
      rows: [
        ...data.districts.map((d, i) => ({ values: [i + 1, d.district, d.schools, d.schoolsWithFindings, d.findings, ''] })),
        { values: ['合计', '', schools.length, schools.filter((s) => s.findings > 0).length, data.totalFindings, ''], total: true },
      ],
      ratioColumns: [], numberColumns: [0, 2, 3, 4],
    },
    {
      title: titles[1], sheet: '学校',
      header: ['序号', '学区', '学校', '学校标识码', '问题记录数', '备注'],
      rows: [
        ...schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.school_code, s.findings, ''] })),
        { values: ['合计', '', '', '', data.totalFindings, ''], total: true },
      ],
      ratioColumns: [], numberColumns: [0, 4],
    },
  ];
}

/** The same tables as text cells for HTML. */
export function htmlTable(model: TableModel): { title: string; header: string[]; rows: { total: boolean; cells: { text: string; num: boolean }[] }[] } {
  return {
    title: model.title,
    header: model.header,
    rows: model.rows.map((r) => ({
      total: Boolean(r.total),
      cells: r.values.map((v, i) => ({
        text: model.ratioColumns.includes(i) ? ratio3(v as number | null) : v === null ? '' : String(v),
        num: model.numberColumns.includes(i) || model.ratioColumns.includes(i),
      })),
    })),
  };
}
