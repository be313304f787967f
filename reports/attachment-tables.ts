/**
 * The circular's attachments: 附件1 per 学区 and 附件2 per school, laid out like the Lixin circular's
 * (序号, 学区, 现场核查学生数, 学籍数据学生数, 差额人数, 差额比例, 备注, then 合计). Without head counts, the
 * same tables count registry and problem records instead. One table model feeds 附件.xlsx, and its text
 * cells (circularTable) feed 通报.html and 通报.docx.
 */
import { count, ratio3 } from './chinese-format.js';
import type { CircularTable } from './circular/circular-model.js';
import { textWidth } from './circular/circular-wording.js';
import type { ReportData } from './report-data.js';
import { coverage } from './circular/coverage.js';
import type { CellValue, TableModel } from './write/workbook-writer.js';

export type { CellValue, TableModel };

const SILENT = '未报送数据';

/**
 * 备注: empty, as in the seed's attachments (the text names the 学区 over the threshold), except for a
 * school or 学区 that sent no registry record, which a reader would otherwise take for a clean one.
 */
function remarks(data: ReportData): { school: (code: string) => string; district: (name: string) => string } {
  const { silent, silentDistricts } = coverage(data);
  const silentCodes = new Set(silent.map((s) => s.school_code));
  return {
    school: (code) => (silentCodes.has(code) ? SILENT : ''),
    district: (name) => {
      const n = silent.filter((s) => s.district === name).length;
      return n === 0 ? '' : silentDistricts.includes(name) ? SILENT : `${count(n)}所学校未报送`;
    },
  };
}

export function attachmentTables(data: ReportData, titles: string[]): TableModel[] {
  const h = data.headcount;
  const remark = remarks(data);
  if (h) {
    return [
      {
        title: titles[0], sheet: '学区',
        header: ['序号', '学区', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注'],
        rows: [
          ...h.districts.map((d, i) => ({ values: [i + 1, d.district, d.onsite, d.registry, d.diff, d.ratio, remark.district(d.district)] })),
          { values: ['合计', '', h.total.onsite, h.total.registry, h.total.diff, h.total.ratio, ''], total: true },
        ],
        ratioColumns: [5], numberColumns: [0, 2, 3, 4],
      },
      {
        title: titles[1], sheet: '学校',
        header: ['序号', '学区', '学校', '现场核查学生数', '学籍数据学生数', '差额人数', '差额比例', '备注'],
        rows: [
          ...h.schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.onsite, s.registry, s.diff, s.ratio, remark.school(s.school_code)] })),
          { values: ['合计', '', '', h.total.onsite, h.total.registry, h.total.diff, h.total.ratio, ''], total: true },
        ],
        ratioColumns: [6], numberColumns: [0, 3, 4, 5],
      },
    ];
  }
  const schools = data.schools;
  const records = schools.reduce((n, s) => n + s.records, 0);
  return [
    {
      title: titles[0], sheet: '学区',
      header: ['序号', '学区', '学校数', '学籍数据学生数', '有问题学校数', '问题记录数', '备注'],
      rows: [
        ...data.districts.map((d, i) => ({ values: [i + 1, d.district, d.schools, schools.filter((s) => s.district === d.district).reduce((n, s) => n + s.records, 0), d.schoolsWithFindings, d.findings, remark.district(d.district)] })),
        { values: ['合计', '', schools.length, records, schools.filter((s) => s.findings > 0).length, data.totalFindings, ''], total: true },
      ],
      ratioColumns: [], numberColumns: [0, 2, 3, 4, 5],
    },
    {
      title: titles[1], sheet: '学校',
      header: ['序号', '学区', '学校', '学校标识码', '学籍数据学生数', '问题记录数', '备注'],
      rows: [
        ...schools.map((s, i) => ({ values: [i + 1, s.district, s.school_name, s.school_code, s.records, s.findings, remark.school(s.school_code)] })),
        { values: ['合计', '', '', '', records, data.totalFindings, ''], total: true },
      ],
      ratioColumns: [], numberColumns: [0, 4, 5],
    },
  ];
}

const NAME_HEADERS = new Set(['学区', '学校', '学校名称']);

/** The width of an A4 page's text (156 mm) in em of the tables' 10.5pt type. */
const PAGE_EM = 42;

/** A header over five characters on two lines, split in the middle: 现场核查/学生数, 有问题/学校数. */
const headerLines = (h: string): string[] => ([...h].length > 5 ? [[...h].slice(0, Math.ceil([...h].length / 2)).join(''), [...h].slice(Math.ceil([...h].length / 2)).join('')] : [h]);

/**
 * A table model as the circular prints it: text cells (counts as plain digits, ratios to 3 decimals),
 * headers on at most two lines, and column widths from the content. A name column is as wide as its
 * longest name, so that no name breaks inside a word ("程家/集"); other columns as their widest cell or
 * header line, narrowed (their text wrapping) only when the table would be wider than the page.
 */
export function circularTable(model: TableModel, label: string): CircularTable {
  const numeric = model.header.map((_, i) => model.numberColumns.includes(i) || model.ratioColumns.includes(i));
  const names = model.header.map((h) => NAME_HEADERS.has(h));
  const header = model.header.map(headerLines);
  const rows = model.rows.map((r) => ({
    total: Boolean(r.total),
    cells: r.values.map((v, i) => cellText(model, v, i)),
  }));
  const need = header.map((lines, i) => {
    const widest = Math.max(0, ...rows.map((r) => textWidth(r.cells[i])));
    const head = Math.max(...lines.map(textWidth));
    return Math.max(head, widest) + 1;
  });
  // Wider than the page: the other columns give way (their headers wrap further) before a name does.
  const nameWidth = need.reduce((n, w, i) => n + (names[i] ? w : 0), 0);
  const otherWidth = need.reduce((n, w, i) => n + (names[i] ? 0 : w), 0);
  const squeeze = nameWidth + otherWidth > PAGE_EM && otherWidth > 0 ? Math.max(0.5, (PAGE_EM - nameWidth) / otherWidth) : 1;
  const widths = need.map((w, i) => (names[i] ? w : w * squeeze));
  const total = widths.reduce((a, b) => a + b, 0);
  return { label, title: model.title, header, rows, numeric, names, widths: widths.map((w) => w / total) };
}

/** A cell as the documents print it: ratios to 3 decimals, whole numbers as count() writes them. */
function cellText(model: TableModel, v: CellValue, i: number): string {
  return model.ratioColumns.includes(i) ? ratio3(v as number | null) : v === null ? '' : typeof v === 'number' ? count(v) : String(v);
}

/** A table model as the overview page's templates show it: cells as text, figures marked for right alignment. */
export function htmlTable(model: TableModel): { title: string; header: string[]; rows: { total: boolean; cells: { text: string; num: boolean }[] }[] } {
  return {
    title: model.title,
    header: model.header,
    rows: model.rows.map((r) => ({
      total: Boolean(r.total),
      cells: r.values.map((v, i) => ({
        text: cellText(model, v, i),
        num: model.numberColumns.includes(i) || model.ratioColumns.includes(i),
      })),
    })),
  };
}
