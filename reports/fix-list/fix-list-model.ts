/**
 * What a school's fix-list shows, as plain data that the HTML and the xlsx both render: the summary
 * (each problem kind once, with its 整改要求 and 依据), then one row per finding carrying only what
 * differs between findings, and the columns the school fills in.
 *
 * Personal data, one policy for every school and every problem of a kind: the 学籍号 in full (the key
 * the school looks the record up by in the national system); the 身份证件号码 in full only for a
 * problem whose rule says it needs the number (show_id: the number is wrong, missing its twin, or
 * the key of a continuation), otherwise not listed at all; an ID number inside another problem's
 * detail is masked. The header of the document says so (privacyNote).
 */
import { gradeName } from '../chinese-format.js';
import { ANSWER_HEADER, ID_HEADER, NOTE_HEADER } from '../../pipeline/follow/return-sheet.js';
import { followUpName, FOLLOW_UP_NOTE } from '../labels.js';
import type { FixListRow, ReportData } from '../report-data.js';

/** What every fix-list shares: the campaign and the rules' titles, fixes and bases. */
export type FixListContext = Pick<ReportData, 'campaign' | 'rules'>;

export interface FixListColumn {
  header: string;
  /** Width in the workbook, in characters (undefined: as wide as the text). */
  width?: number;
  /** Width on the printed page, in mm (0: what the other columns leave; 身份证件号码 is printed under the 学籍号). */
  mm: number;
}

export interface FixListSummaryRow {
  title: string;
  count: number;
  fix: string;
  basis: string;
  /** Of these, how many the school reported fixed last time and are still there. */
  falseClaims: number;
}

export interface FixListModel {
  summary: FixListSummaryRow[];
  total: number;
  /** 整改不实 cases (listed first). */
  falseClaims: number;
  /** The rows in the order they are numbered: the school's own problems first, then the pupils'. */
  entries: FixListEntry[];
  /** The pupils' table's columns (the workbook shows every row in these). */
  columns: FixListColumn[];
  /** The HTML's table of the school's own problems: 序号, 问题, 年级, 问题说明, then the answer columns. */
  groupColumns: FixListColumn[];
  privacyNote: string;
  followUpNote: string;
}

export interface FixListEntry {
  /** A problem of the school or a grade as a whole (head count, quota): no pupil. */
  group: boolean;
  /** Reported fixed last time and still there (整改不实): listed first, marked on paper. */
  falseClaim: boolean;
  /** Each column's text by its header. */
  cells: Record<string, string>;
}

/** An entry's cells in the order of `columns`. */
export function entryCells(entry: FixListEntry, columns: FixListColumn[]): string[] {
  return columns.map((c) => entry.cells[c.header] ?? '');
}

const COLUMNS: Record<string, FixListColumn> = {
  序号: { header: '序号', width: 5, mm: 8 },
  学籍号: { header: '学籍号', mm: 33 },
  姓名: { header: '姓名', mm: 14 },
  班级: { header: '班级', mm: 19 },
  年级: { header: '年级', mm: 15 },
  问题: { header: '问题', width: 20, mm: 33 },
  问题说明: { header: '问题说明', width: 40, mm: 0 },
  身份证件号码: { header: '身份证件号码', mm: 0 },
  跟踪: { header: '跟踪', width: 11, mm: 17 },
  [ID_HEADER]: { header: ID_HEADER, mm: 21 },
  [ANSWER_HEADER]: { header: ANSWER_HEADER, width: 11, mm: 15 },
  [NOTE_HEADER]: { header: NOTE_HEADER, width: 30, mm: 28 },
};

/** An 18-character ID number standing alone in a text (not inside a longer code such as a G-学籍号). */
const ID_IN_TEXT = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g;

/** 341623201403020011 → 341623********0011 */
export function maskId(id: string): string {
  return id.length > 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '*'.repeat(id.length);
}

/** A detail with every standalone ID number in it masked. */
export function maskIdsIn(text: string): string {
  return text.replace(ID_IN_TEXT, (id) => maskId(id));
}

/** The class as a school names it: the class alone when it names its grade, else grade and class. */
export function classLabel(grade: number | null, className: string | null): string {
  if (!className) return gradeName(grade);
  return /年级|[初高][一二三]|级/.test(className) || !grade ? className : `${gradeName(grade)}${className}`;
}

const isFalseClaim = (f: FixListRow): boolean => f.follow_up === '整改不实';

/** 整改不实 first, then the rest in the order given (school, grade, class, pupil). */
function workOrder(findings: FixListRow[]): FixListRow[] {
  const falseClaims = findings.filter(isFalseClaim);
  return falseClaims.length ? [...falseClaims, ...findings.filter((f) => !isFalseClaim(f))] : findings;
}

export function fixListModel(context: FixListContext, findings: FixListRow[]): FixListModel {
  const rules = new Map(context.rules.map((r) => [r.code, r]));
  const showsId = (f: FixListRow) => rules.get(f.rule)?.showId === true;
  const isGroup = (f: FixListRow) => f.student_key === null;
  const followUp = findings.some((f) => f.follow_up);
  const idColumn = findings.some((f) => !isGroup(f) && showsId(f));
  const detail = (f: FixListRow) => (showsId(f) ? f.detail : maskIdsIn(f.detail));

  const ordered = [...workOrder(findings.filter(isGroup)), ...workOrder(findings.filter((f) => !isGroup(f)))];
  const entries = ordered.map((f, i) => ({
    group: isGroup(f),
    falseClaim: isFalseClaim(f),
    cells: {
      序号: String(i + 1), 学籍号: f.student_no ?? '', 姓名: f.student_name ?? '',
      班级: isGroup(f) ? gradeName(f.grade) || '全校' : classLabel(f.grade, f.class_name), 年级: gradeName(f.grade) || '全校',
      问题: f.title, 问题说明: detail(f), 身份证件号码: showsId(f) ? f.id_number ?? '' : '', 跟踪: followUpName(f.follow_up),
      [ID_HEADER]: f.finding_id, [ANSWER_HEADER]: '', [NOTE_HEADER]: '',
    },
  }));
  const tail = [...(followUp ? ['跟踪'] : []), ID_HEADER, ANSWER_HEADER, NOTE_HEADER];
  const columns = ['序号', '学籍号', '姓名', '班级', '问题', '问题说明', ...(idColumn ? ['身份证件号码'] : []), ...tail].map((h) => COLUMNS[h]);
  const groupColumns = ['序号', '问题', '年级', '问题说明', ...tail].map((h) => COLUMNS[h]);

  // Counted from the rows the list holds, so the summary always adds up to them.
  const summary = context.rules.map((r) => {
    const ofRule = findings.filter((f) => f.rule === r.code);
    return { title: r.title, count: ofRule.length, fix: r.fix, basis: r.basis, falseClaims: ofRule.filter(isFalseClaim).length };
  }).filter((s) => s.count > 0);
  return {
    summary, total: findings.length, falseClaims: findings.filter(isFalseClaim).length,
    entries, columns, groupColumns,
    privacyNote: privacyNote(context, findings.filter((f) => !isGroup(f) && showsId(f)).map((f) => f.rule)),
    followUpNote: followUp ? FOLLOW_UP_NOTE : '',
  };
}

/** The masking policy in words, naming this list's problems that show the full ID number. */
function privacyNote(context: FixListContext, idRules: string[]): string {
  const titles = context.rules.filter((r) => idRules.includes(r.code)).map((r) => r.title);
  const ids = titles.length
    ? `身份证件号码只在问题涉及证件号码本身时完整列出（本清单中为：${titles.join('、')}），其余问题不列；`
    : '本清单的问题不涉及身份证件号码，不列证件号码；';
  return `个人信息：学籍号完整列出，供在学籍系统中查找学生；${ids}其余问题的问题说明中如出现证件号码，只显示前6位和后4位。本清单含未成年学生个人信息，仅限本校学籍管理使用，不得外传。`;
}
