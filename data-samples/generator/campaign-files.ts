/** Writes a Population as a campaign folder: every input table of the contract, in the messy shapes real exports have. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GroupRow, ListEntry, Member, Population, Pupil, RegistryStyle } from './model.js';
import { writeCsv, writeXlsx, type Cell } from './sheet-file.js';
import { writeRosterFiles } from './roster-files.js';

const CN = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

export function gradeText(grade: number, style: RegistryStyle['key']): Cell {
  if (style === 'B') return grade <= 6 ? 10 + grade : grade <= 9 ? 14 + grade : 21 + grade;
  if (grade <= 6) return `${CN[grade]}年级`;
  if (grade <= 9) return style === 'C' ? `初${CN[grade - 6]}` : `${CN[grade]}年级`;
  return style === 'C' ? `高中${CN[grade - 9]}年级` : `高${CN[grade - 9]}`;
}

export function dateCell(iso: string, style: RegistryStyle['key']): Cell {
  const [y, m, d] = iso.split('-').map(Number);
  switch (style) {
    case 'B': return Math.round((Date.UTC(y, m - 1, d) - EXCEL_EPOCH) / 86_400_000);
    case 'C': return iso.replace(/-/g, '');
    case 'D': return `${y}年${m}月${d}日`;
    default: return iso;
  }
}

function sexCell(sex: '男' | '女', style: RegistryStyle['key']): Cell {
  if (style === 'B') return sex === '男' ? 1 : 2;
  if (style === 'D') return sex === '男' ? 'M' : 'F';
  return sex;
}

/** How the ID looks in the file: Excel-damaged ones as numbers (xlsx) or scientific notation (csv). */
function idCell(p: { id: string; idExcelDamaged?: boolean }, style: RegistryStyle, index: number): Cell {
  if (p.idExcelDamaged) return style.format === 'csv' ? `${p.id[0]}.${p.id.slice(1, 15).replace(/0+$/, '')}E+17` : Number(p.id);
  if (style.key === 'C' && p.id.length === 18 && index % 17 === 3) return `${p.id.slice(0, 6)} ${p.id.slice(6, 14)} ${p.id.slice(14)}`;
  if (style.key === 'C' && p.id.length === 18 && index % 23 === 5) return p.id.replace(/\d/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  return p.id;
}

const MEMBERS = 3;
const MAX_FILE_ROWS = 30_000;

export function registryHeader(style: RegistryStyle): string[] {
  const base: Record<RegistryStyle['key'], string[]> = {
    A: ['全国学籍号', '姓名', '性别', '出生日期', '民族', '身份证件类型', '身份证件号码', '户口所在地', '现住址', '学校标识码', '学校名称', '年级', '班级', '入学年月', '学籍状态', '照片', '联系电话'],
    B: ['学籍号', '姓名', '性别', '出生日期', '民族', '证件类型', '身份证号', '户籍所在地', '家庭住址', '学校代码', '学校名称', '年级', '班级', '入学年月', '学生状态', '是否有照片', '联系电话'],
    C: ['全国学籍号', '姓名', '性别', '出生日期', '民族', '身份证件类型', '身份证号码', '户口所在地行政区划', '现住址', '学校标识码', '学校名称', '年级', '班级', '入学年月', '在校状态', '照片', '联系电话'],
    D: ['全国学籍号', '姓名', '性别', '出生日期', '民族', '身份证件类型', '证件号码', '户口所在地', '现住址', '学校标识码', '学校名称', '年级', '班级', '入学年月', '学籍状态', '联系电话'],
  };
  const header = [...base[style.key]];
  if (style.family === 'inline') {
    const prefix = style.key === 'C' ? '家庭成员' : '成员';
    for (let m = 1; m <= MEMBERS; m++) {
      header.push(`${prefix}${m}姓名`, `${prefix}${m}关系`);
      if (style.guardianColumn) header.push(`${prefix}${m}是否监护人`);
      header.push(`${prefix}${m}联系电话`);
    }
  }
  return header;
}

export function registryRow(p: Pupil, style: RegistryStyle, index: number, withMembers: boolean): Cell[] {
  const row: Cell[] = [
    p.studentNo, p.name, p.rawCells?.sex ?? sexCell(p.sexColumn, style.key), p.rawCells?.birth ?? dateCell(p.birthColumn, style.key), p.ethnicity, p.idType, idCell(p, style, index),
    p.hukou, p.address, style.key === 'B' ? Number(p.school.code) : p.school.code, p.school.name, p.rawCells?.grade ?? gradeText(p.grade, style.key), p.className, p.enrolYm, p.status,
  ];
  if (style.photoColumn) row.push(p.photo);
  row.push(p.phone);
  if (withMembers && style.family === 'inline') {
    for (let m = 0; m < MEMBERS; m++) {
      const member: Member | undefined = p.members[m];
      row.push(member?.name ?? '', member?.relation ?? '');
      if (style.guardianColumn) row.push(member?.guardian ?? '');
      row.push(member?.phone ?? '');
    }
  }
  return row;
}

async function writeTable(path: string, header: string[], rows: Cell[][], style: RegistryStyle, title: string): Promise<number[]> {
  if (style.format === 'csv') return writeCsv(path, header, rows, 'gb18030');
  const layout = style.key === 'B' ? { repeatHeaderEvery: 100 } : style.key === 'D' ? { titleRows: [title, '导出日期：2025年10月20日'], blankAfterTitle: true } : { titleRows: [title], blankEvery: 150 };
  return writeXlsx(path, header, rows, layout);
}

const assign = <T extends { file?: string; row?: number }>(records: T[], file: string, rows: number[]) => records.forEach((r, i) => { r.file = file; r.row = rows[i]; });

export interface CampaignMeta {
  name: string;
  county: string;
  asOf: string;
  deadline: string;
  /** A later term (terms.ts): the previous campaign's out dir, and the fix-lists returned (globs). */
  previous?: string;
  returns?: string;
}

export async function writeCampaign(pop: Population, dir: string, meta: CampaignMeta): Promise<void> {
  for (const sub of ['registry', 'family', 'prev', 'new', 'preschool']) await mkdir(join(dir, sub), { recursive: true });

  await writeXlsx(join(dir, 'schools.xlsx'), ['学校标识码', '学校名称', '学区', '县市区', '办学类型'],
    pop.schools.map((s) => [s.code, s.name, s.district, meta.county, s.level]), { titleRows: [`${meta.county}中小学学校名录`] });

  const districts = [...new Set(pop.schools.map((s) => s.district))];
  const byDistrict = new Map<string, Pupil[]>(districts.map((d) => [d, []]));
  for (const p of pop.current) byDistrict.get(p.school.district)!.push(p);
  for (const [i, district] of districts.entries()) {
    const style = pop.styleOf.get(district)!;
    const all = byDistrict.get(district)!;
    // Exports are split into files of at most MAX_FILE_ROWS pupils, as large districts' are.
    for (let part = 0; part * MAX_FILE_ROWS < all.length; part++) {
      const pupils = all.slice(part * MAX_FILE_ROWS, (part + 1) * MAX_FILE_ROWS);
      const stem = `${String(i + 1).padStart(2, '0')}_${district}${part ? `_${part + 1}` : ''}`;
      const file = `registry/${stem}.${style.format}`;
      const rows = await writeTable(join(dir, file), registryHeader(style), pupils.map((p, j) => registryRow(p, style, j, true)), style, `${district}学区学生学籍信息`);
      assign(pupils, file, rows);
      if (style.family === 'file') {
        const members = pupils.flatMap((p) => p.members.map((m) => [p.studentNo, m.name, m.relation, m.guardian, m.phone, m.idType, m.id] as Cell[]));
        await writeXlsx(join(dir, `family/${stem}_家庭成员.xlsx`), ['学籍号', '成员姓名', '关系', '是否监护人', '联系电话', '身份证件类型', '身份证件号码'], members);
      }
    }
  }

  const prevStyle: RegistryStyle = { key: 'A', format: 'xlsx', family: 'file', guardianColumn: true, photoColumn: true };
  const prevRows = await writeXlsx(join(dir, 'prev/上学年学籍.xlsx'), registryHeader(prevStyle), pop.previous.map((p, j) => registryRow(p, prevStyle, j, false)), { titleRows: [`${meta.county}${pop.schoolYear - 1}学年学籍数据`] });
  assign(pop.previous, 'prev/上学年学籍.xlsx', prevRows);

  const listRow = (e: ListEntry, last: Cell): Cell[] => [e.name, e.sex, e.birth, e.idType, e.id, last];
  assign(pop.newStudents, 'new/新生名单.xlsx', await writeXlsx(join(dir, 'new/新生名单.xlsx'), ['姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '学校标识码'], pop.newStudents.map((e) => listRow(e, e.schoolCode))));
  assign(pop.preschool, 'preschool/学前学籍.xlsx', await writeXlsx(join(dir, 'preschool/学前学籍.xlsx'), ['姓名', '性别', '出生日期', '身份证件类型', '身份证件号码', '幼儿园名称'], pop.preschool.map((e) => listRow(e, e.extra))));

  const groupRow = (g: GroupRow): Cell[] => [g.school.district, g.school.code, g.school.name, `${gradeText(g.grade, 'A')}`, g.value];
  assign(pop.headcounts, 'headcounts.xlsx', await writeXlsx(join(dir, 'headcounts.xlsx'), ['学区', '学校标识码', '学校名称', '年级', '现场核查学生数'], pop.headcounts.map(groupRow), { titleRows: [`${meta.county}学籍核查现场核查学生数`] }));
  assign(pop.quotas, 'quotas.xlsx', await writeXlsx(join(dir, 'quotas.xlsx'), ['学区', '学校标识码', '学校名称', '年级', '招生计划数'], pop.quotas.map(groupRow)));

  if (pop.roster) await writeRosterFiles(pop.roster, dir, pop.schoolYear);
  await writeFile(join(dir, 'campaign.yaml'), campaignYaml(pop, meta));
  await writeFile(join(dir, 'expected-findings.csv'), expectedCsv(pop));
}

function campaignYaml(pop: Population, meta: CampaignMeta): string {
  return `# 由 xueji 数据生成器生成的合成数据：所有姓名和身份证号均为虚构。
name: ${meta.name}
county: ${meta.county}
bureau: ${meta.county}教育局
school_year: ${pop.schoolYear}
as_of: ${meta.asOf}
deadline: ${meta.deadline}
${meta.previous ? `previous: ${meta.previous}\n` : ''}inputs:
  schools: schools.xlsx
  registry: [registry/*.xlsx, registry/*.csv]
  family: [family/*.xlsx]
  previous_registry: [prev/*.xlsx]
  headcounts: headcounts.xlsx
  quotas: quotas.xlsx
  new_students: [new/*.xlsx]
  preschool: [preschool/*.xlsx]
${meta.returns ? `  returns: [${meta.returns}]\n` : ''}${pop.roster ? '  roster: [roster/*.xlsx]\n  vocational_new: [zz/*.xlsx]\n' : ''}thresholds:
  headcount_gap_ratio: 0.02
out: out
`;
}

/** The findings the generator planted: rule, key, school, grade and the row that must be named. */
function expectedCsv(pop: Population): string {
  const lines: string[] = [];
  for (const p of pop.planted) {
    if (p.on === 'pupil') lines.push([p.rule, p.pupil.studentNo.toUpperCase(), p.pupil.school.code, p.pupil.grade, p.pupil.file, p.pupil.row].join(','));
    else if (p.on === 'roster') lines.push([p.rule, p.entry.key, p.entry.school.code, p.entry.grade, p.entry.file, p.entry.row].join(','));
    else if (p.on === 'entry') lines.push([p.rule, p.entry.id.replace(/\s/g, '').toUpperCase(), p.entry.schoolCode, 1, p.entry.file, p.entry.row].join(','));
    else lines.push([p.rule, '', p.group.school.code, p.group.grade, p.group.file, p.group.row].join(','));
  }
  return '\uFEFF' + ['rule,student_key,school_code,grade,source_file,source_row', ...lines.sort()].join('\r\n') + '\r\n';
}
