/**
 * Finds and maps the header row of an input file: the first row (below any title rows) whose cells
 * name the table's required columns, by canonical header or alias. Inline family columns
 * (成员1姓名, 家庭成员2联系电话 …) are mapped per member.
 */
import { cleanText } from './normalize.js';
import { MEMBER_FIELDS, type FieldSpec, type TableSpec } from './input-tables.js';
import { blankBytes, type CellBytes, type RowCells } from '../read/row-cells.js';

export interface MemberColumns {
  member: number;
  /** member field column → cell index */
  index: Map<string, number>;
}

export interface HeaderMap {
  rowNumber: number;
  /** field column → cell index */
  index: Map<string, number>;
  members: MemberColumns[];
  /** Normalised header text per cell index, to recognise repeated header rows. */
  texts: string[];
  /** Cells after the last named header (a CSV row longer than this has too many fields). */
  width: number;
  /** The first two mapped columns, checked on every row to rule out a repeated header cheaply. */
  probes: HeaderProbe[];
}

interface HeaderProbe {
  col: number;
  /** The normalised header text, and its first non-ASCII character (normalising never makes one). */
  text: string;
  cjk: string | undefined;
  /** cjk as UTF-8, to look for in a cell's bytes. */
  cjkBytes: Buffer | undefined;
}

/** Header text as compared: no spaces, asterisks (required marks) or full-width parentheses. */
export function normaliseHeader(cell: string): string {
  return cleanText(cell).replace(/[\s*＊]/g, '').replace(/（/g, '(').replace(/）/g, ')').toLowerCase();
}

function lookupFor(fields: FieldSpec[]): Map<string, string> {
  const lookup = new Map<string, string>();
  for (const field of fields) {
    for (const name of [field.header, ...field.aliases]) lookup.set(normaliseHeader(name), field.column);
  }
  return lookup;
}

const MEMBER_LOOKUP = lookupFor(MEMBER_FIELDS);
const MEMBER_HEADER = /^(?:家庭)?成员(\d{1,2})(.+)$/;

export type HeaderMatch =
  | { kind: 'header'; map: HeaderMap }
  | { kind: 'duplicate'; header: string; first: number; second: number }
  | { kind: 'incomplete'; recognised: number; missing: string[][] }
  | { kind: 'none' };

export class HeaderMatcher {
  private readonly lookup: Map<string, string>;

  constructor(private readonly spec: TableSpec) {
    this.lookup = lookupFor(spec.fields);
  }

  match(cells: string[], rowNumber: number): HeaderMatch {
    const index = new Map<string, number>();
    const members = new Map<number, MemberColumns>();
    const texts: string[] = [];
    let width = 0;
    let recognised = 0;
    for (let i = 0; i < cells.length; i++) {
      const text = normaliseHeader(cells[i] ?? '');
      texts[i] = text;
      if (text === '') continue;
      width = i + 1;
      const column = this.lookup.get(text) ?? this.lookup.get(text.replace(/\(.*\)$/, ''));
      if (column !== undefined) {
        const first = index.get(column);
        if (first !== undefined) return { kind: 'duplicate', header: cells[i].trim(), first: first + 1, second: i + 1 };
        index.set(column, i);
        recognised++;
        continue;
      }
      const member = this.spec.inlineFamily ? MEMBER_HEADER.exec(text) : null;
      const memberColumn = member ? MEMBER_LOOKUP.get(member[2]) : undefined;
      if (member && memberColumn) {
        const n = Number(member[1]);
        const entry = members.get(n) ?? { member: n, index: new Map() };
        entry.index.set(memberColumn, i);
        members.set(n, entry);
        recognised++;
      }
    }
    const missing = this.spec.requiredColumns.filter((anyOf) => !anyOf.some((c) => index.has(c)));
    if (missing.length === 0 && recognised >= Math.min(2, this.spec.fields.length)) {
      const probes = [...index.values()].slice(0, 2).map((col) => {
        const cjk = /[^\x00-\x7F]/.exec(texts[col])?.[0];
        return { col, text: texts[col], cjk, cjkBytes: cjk === undefined ? undefined : Buffer.from(cjk) };
      });
      return { kind: 'header', map: { rowNumber, index, members: [...members.values()].sort((a, b) => a.member - b.member), texts, width, probes } };
    }
    return recognised >= 2 ? { kind: 'incomplete', recognised, missing } : { kind: 'none' };
  }

  /** "全国学籍号（或 学籍号）、学校标识码 或 学校名称" for messages. */
  describe(columns: string[][]): string {
    return columns
      .map((anyOf) => anyOf.map((c) => {
        const field = this.spec.fields.find((x) => x.column === c)!;
        return field.aliases.length ? `${field.header}（或 ${field.aliases.join('、')}）` : field.header;
      }).join(' 或 '))
      .join('、');
  }
}

/** A data row that repeats the header (exports paged with a header on every page). */
export function isRepeatedHeader(row: RowCells, map: HeaderMap, scratch: CellBytes): boolean {
  // Fast path: a data row rarely holds its column's header text in the first two mapped columns.
  let may = false;
  for (const probe of map.probes) may ||= mayHoldHeader(row, probe, scratch);
  if (!may) return false;
  let same = 0;
  let compared = 0;
  for (const i of map.index.values()) {
    compared++;
    if (normaliseHeader(row.text(i)) === map.texts[i]) same++;
  }
  return compared > 0 && same * 2 > compared;
}

/** Whether the cell could normalise to the probe's header text (blank: let the full check decide). */
function mayHoldHeader(row: RowCells, probe: HeaderProbe, scratch: CellBytes): boolean {
  // Bytes without the header's first CJK character: only a blank cell may still pass (its bytes are at hand).
  if (probe.cjkBytes && row.bytes(probe.col, scratch) && !holds(scratch, probe.cjkBytes)) return blankBytes(scratch) ?? row.text(probe.col).trim() === '';
  const cell = row.text(probe.col);
  if (cell === '' || cell.trim() === '') return true;
  if (probe.cjk !== undefined && cell.indexOf(probe.cjk) < 0) return false;
  return normaliseHeader(cell) === probe.text;
}

/** Whether the bytes contain `wanted` (a short needle: a byte loop beats a native call). */
function holds(cell: CellBytes, wanted: Buffer): boolean {
  const { data, start, end } = cell;
  const first = wanted[0];
  for (let k = start; k + wanted.length <= end; k++) {
    if (data[k] !== first) continue;
    let j = 1;
    while (j < wanted.length && data[k + j] === wanted[j]) j++;
    if (j === wanted.length) return true;
  }
  return false;
}
