/**
 * Finds and maps the header row of an input file: the first row (below any title rows) whose cells
 * name the table's required columns, by canonical header or alias (header-names.ts). Inline family
 * columns (成员1姓名, 家庭成员2联系电话 …) are mapped per member. The header row found also says, per
 * column, whether it was mapped, known but not used, or not recognised.
 */
import { normaliseHeader, tableHeaders, type TableHeaders } from './header-names.js';
import type { TableSpec } from './input-tables.js';
import { blankBytes, type CellBytes, type RowCells } from '../read/row-cells.js';

export { normaliseHeader };

export interface MemberColumns {
  member: number;
  /** member field column → cell index */
  index: Map<string, number>;
}

/** What became of each named column of a file's header row (headers as the file writes them). */
export interface HeaderReport {
  mapped: string[];
  /** Known columns this table does not use (序号, 学区 in a head-count file …). */
  unused: string[];
  unrecognised: { header: string; nearest: string | undefined }[];
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
  report: HeaderReport;
}

interface HeaderProbe {
  col: number;
  /** The normalised header text, and its first non-ASCII character (normalising never makes one). */
  text: string;
  cjk: string | undefined;
  /** cjk as UTF-8, to look for in a cell's bytes. */
  cjkBytes: Buffer | undefined;
}

export type HeaderMatch =
  | { kind: 'header'; map: HeaderMap }
  | { kind: 'duplicate'; header: string; first: number; second: number }
  | { kind: 'incomplete'; recognised: number; missing: string[][] }
  | { kind: 'none' };

export class HeaderMatcher {
  private readonly headers: TableHeaders;

  constructor(private readonly spec: TableSpec) {
    this.headers = tableHeaders(spec.name);
  }

  match(cells: string[], rowNumber: number): HeaderMatch {
    const index = new Map<string, number>();
    const members = new Map<number, MemberColumns>();
    const texts: string[] = [];
    const report: HeaderReport = { mapped: [], unused: [], unrecognised: [] };
    let width = 0;
    let recognised = 0;
    for (let i = 0; i < cells.length; i++) {
      const text = normaliseHeader(cells[i] ?? '');
      texts[i] = text;
      if (text === '') continue;
      width = i + 1;
      const header = cells[i].trim();
      const kind = this.headers.classify(cells[i]);
      if (kind.kind === 'field') {
        const first = index.get(kind.column);
        if (first !== undefined) return { kind: 'duplicate', header, first: first + 1, second: i + 1 };
        index.set(kind.column, i);
        report.mapped.push(header);
        recognised++;
      } else if (kind.kind === 'member') {
        const entry = members.get(kind.member) ?? { member: kind.member, index: new Map() };
        entry.index.set(kind.column, i);
        members.set(kind.member, entry);
        report.mapped.push(header);
        recognised++;
      } else if (kind.kind === 'unused') {
        report.unused.push(header);
      } else {
        report.unrecognised.push({ header, nearest: undefined });
      }
    }
    const missing = this.spec.requiredColumns.filter((anyOf) => !anyOf.some((c) => index.has(c)));
    if (missing.length === 0 && recognised >= Math.min(2, this.spec.fields.length)) {
      const probes = [...index.values()].slice(0, 2).map((col) => {
        const cjk = /[^\x00-\x7F]/.exec(texts[col])?.[0];
        return { col, text: texts[col], cjk, cjkBytes: cjk === undefined ? undefined : Buffer.from(cjk) };
      });
      // The nearest known header only for the header row itself (rows above it are titles).
      for (const u of report.unrecognised) u.nearest = this.headers.nearest(u.header);
      return { kind: 'header', map: { rowNumber, index, members: [...members.values()].sort((a, b) => a.member - b.member), texts, width, probes, report } };
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
