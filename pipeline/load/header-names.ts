/**
 * What a header cell names, for one input table: a contract column (by its canonical header or an
 * alias), an inline family-member column (成员1姓名, 家庭成员2联系电话 …), a column the table knows but
 * does not use (序号, 学区 in a head-count file …), or nothing, with the nearest known header as a hint.
 *
 * Header text is compared after trimming, folding full-width characters to half-width, removing spaces
 * and asterisks (required marks) and ignoring case; a trailing parenthesised note is ignored when the
 * text with it is not known (性别（男/女） → 性别, 出生日期(yyyy-mm-dd) → 出生日期).
 */
import { cleanText } from './normalize.js';
import { MEMBER_FIELDS, tableSpec, type FieldSpec, type InputName, type TableSpec } from './input-tables.js';
import { editDistance } from '../nearest-key.js';

// Full-width ASCII (！ to ～): folded to ASCII, so the folded text holds no non-ASCII character the cell did not.
const FULLWIDTH_ASCII = /[\uFF01-\uFF5E]/g;

/** Header text as compared (see the module comment); keeps a trailing note. */
export function normaliseHeader(cell: string): string {
  return cleanText(cell).replace(FULLWIDTH_ASCII, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s*]/g, '').toLowerCase();
}

/** The header without a trailing parenthesised note: 性别(男/女) → 性别. */
function withoutNote(text: string): string {
  const bare = text.replace(/(?:\([^()]*\)|\[[^[\]]*\]|【[^【】]*】)$/, '');
  return bare === '' ? text : bare;
}

/**
 * Variants people type for a canonical header, recognised wherever the table has that column, beside
 * the contract's aliases (input-tables.ts; those are the ones messages list). Only unambiguous ones:
 * 出生年月 is how many templates name the full birth date (a value there with year and month only is
 * unreadable, VALUE_UNREADABLE, not guessed); 学籍辅号, a different number, is not 全国学籍号.
 */
const VARIANTS: Record<string, string[]> = {
  全国学籍号: ['全国学籍号码', '学生全国学籍号'],
  姓名: ['学生姓名'],
  性别: ['学生性别'],
  出生日期: ['出生年月日', '出生年月'],
  身份证件号码: ['身份证件号', '证件号', '公民身份号码', '公民身份证号码'],
  户口所在地: ['户籍地'],
  现住址: ['现居住地址', '居住地址', '现住地址', '家庭现住址'],
  学校标识码: ['学校识别码'],
  学校名称: ['学校', '所在学校', '就读学校'],
  年级: ['所在年级', '当前年级', '就读年级'],
  班级: ['班级名称', '所在班级'],
  学籍状态: ['学生学籍状态', '学籍状态名称'],
  照片: ['有无照片'],
  关系: ['与学生关系', '家庭关系'],
  现场核查学生数: ['现场核查人数', '实有人数'],
  计划数: ['招生计划'],
};

/** Every name of a field: canonical header, contract aliases, variants. */
const namesOf = (field: FieldSpec): string[] => [field.header, ...field.aliases, ...(VARIANTS[field.header] ?? [])];

/**
 * Columns any table may carry that it does not use: a row number, or the school's particulars that the
 * school list already gives. Recognised (no warning) unless they are a field of the table.
 */
const CONTEXT_HEADERS = ['序号', '学区', '乡镇', '中心校', '所属学区', '县市区', '学校名称', '学校', '办学类型'];

export type HeaderKind =
  | { kind: 'field'; column: string; header: string }
  | { kind: 'member'; member: number; column: string }
  | { kind: 'unused' }
  | { kind: 'unknown' };

const MEMBER_HEADER = /^(?:家庭)?成员(\d{1,2})(.+)$/;

/** Header texts of one table, folded, with the field each names. */
export class TableHeaders {
  readonly fields = new Map<string, FieldSpec>();
  readonly members = new Map<string, FieldSpec>();
  readonly context = new Set<string>();

  constructor(readonly spec: TableSpec) {
    addNames(this.fields, spec.fields, spec.name);
    if (spec.inlineFamily) addNames(this.members, MEMBER_FIELDS, 'family');
    for (const name of CONTEXT_HEADERS) if (!this.fields.has(name)) this.context.add(name);
  }

  field(text: string): FieldSpec | undefined {
    return this.fields.get(text) ?? this.fields.get(withoutNote(text));
  }

  classify(cell: string): HeaderKind {
    const text = normaliseHeader(cell);
    const field = this.field(text);
    if (field) return { kind: 'field', column: field.column, header: field.header };
    const member = this.spec.inlineFamily ? MEMBER_HEADER.exec(text) : null;
    const memberField = member ? this.members.get(member[2]) ?? this.members.get(withoutNote(member[2])) : undefined;
    if (member && memberField) return { kind: 'member', member: Number(member[1]), column: memberField.column };
    if (this.context.has(withoutNote(text))) return { kind: 'unused' };
    return { kind: 'unknown' };
  }

  /**
   * The canonical header of the known name closest to `text`: one edit away for a name of up to four
   * characters (联系地址 is not 联系电话), two for a longer one, or a known name of three characters
   * or more inside it (学生身份证件号码).
   */
  nearest(header: string): string | undefined {
    const text = withoutNote(normaliseHeader(header));
    if (text === '') return undefined;
    let best: FieldSpec | undefined;
    let bestDistance = Infinity;
    for (const [name, field] of this.fields) {
      const d = editDistance(text, name);
      if (d < bestDistance) { best = field; bestDistance = d; }
    }
    if (best && bestDistance <= (text.length <= 4 ? 1 : 2)) return best.header;
    for (const [name, field] of this.fields) if (name.length >= 3 && text.includes(name)) return field.header;
    return undefined;
  }
}

/** Every name of the fields, folded; a name given to two fields is a mistake in the lists above. */
function addNames(into: Map<string, FieldSpec>, fields: FieldSpec[], table: string): void {
  for (const field of fields) {
    for (const name of namesOf(field)) {
      const text = normaliseHeader(name);
      const other = into.get(text);
      if (other && other !== field) throw new Error(`header ${name} names both ${other.column} and ${field.column} in ${table}`);
      into.set(text, field);
    }
  }
}

const byTable = new Map<InputName, TableHeaders>();

/** The header texts of `name` (made once per table). */
export function tableHeaders(name: InputName): TableHeaders {
  let headers = byTable.get(name);
  if (!headers) byTable.set(name, (headers = new TableHeaders(tableSpec(name))));
  return headers;
}
