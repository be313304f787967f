/**
 * Ingest of one file: every row is either loaded (normalised, into a RowSink: the bulk CSV that DuckDB
 * loads, see ingest-pool.ts) or
 * listed in rejected.csv with its reason. Title rows above the header, blank rows and repeated
 * header rows are skipped and counted apart; read = loaded + rejected.
 */
import { CliError, locate } from './cli-error.js';
import { HeaderMatcher, isRepeatedHeader, type HeaderMap } from './header-row.js';
import { MEMBER_FIELDS, type FieldSpec, type TableSpec } from './input-tables.js';
import { pushFieldValues, type CellContext } from './row-values.js';
import type { RowSink } from './bulk-csv.js';
import { rowTexts, type RowCells } from './row-cells.js';
import { fieldColumns, type StoreValue } from './store-columns.js';
import { readTableFile, type InputFile } from './table-reader.js';

export interface FileCounts {
  table: string;
  file: string;
  sheet_header_row: number | null;
  read: number;
  loaded: number;
  rejected: number;
  skipped_blank: number;
  skipped_repeated_header: number;
}

export interface RejectedRow {
  file: string;
  row: number;
  table: string;
  reason: string;
}

export type RejectSink = (row: RejectedRow) => void;

/** Rows scanned for the header before giving up. */
const HEADER_SEARCH_ROWS = 50;

/** Called every PROGRESS_EVERY rows with the rows read so far in the file. */
export type ProgressSink = (file: string, rows: number) => void;
const PROGRESS_EVERY = 10_000;

/** Where one field's values come from in a file, fixed once the header is known. */
interface FieldPlan {
  field: FieldSpec;
  /** Cell index, or -1 when the file has no such column. */
  col: number;
  /** The field's values for an absent column. */
  absent: StoreValue[];
  memo: ValueMemo | undefined;
}

/**
 * A field's stored values per shared-string index: a column whose values repeat (school, grade,
 * status) is normalised once per distinct text. A small direct-mapped table, not a Map: a lookup is
 * an array read, a collision only costs a recomputation. Gives up on a column of distinct values
 * (names, IDs) after a trial.
 */
class ValueMemo {
  private readonly keys = new Int32Array(MEMO_SLOTS).fill(-1);
  private readonly values: (StoreValue[] | undefined)[] = new Array(MEMO_SLOTS);
  private misses = 0;
  private hits = 0;
  enabled = true;

  get(key: number): StoreValue[] | undefined {
    const slot = key & (MEMO_SLOTS - 1);
    if (this.keys[slot] === key) {
      this.hits++;
      return this.values[slot];
    }
    if (++this.misses === MEMO_TRIAL && this.hits < this.misses) this.enabled = false;
    return undefined;
  }

  set(key: number, values: StoreValue[]): void {
    const slot = key & (MEMO_SLOTS - 1);
    this.keys[slot] = key;
    this.values[slot] = values;
  }
}

const MEMO_SLOTS = 8192;
const MEMO_TRIAL = 20_000;

export class FileLoader {
  private header: HeaderMap | undefined;
  private plan: FieldPlan[] = [];
  private memberPlans: FieldPlan[][] = [];
  /** Per requiredValues entry, the offsets in a row's values of its columns' first values. */
  private readonly requiredAt: number[][];
  /** Offset of student_no in a row's values (inline family members refer to it). */
  private readonly studentNoAt: number;
  private readonly matcher: HeaderMatcher;
  private incomplete: { missing: string[][] } | undefined;
  private isCsv = false;
  private ctx: CellContext = { date1904: false };
  /** The file (and worksheet) as messages name it. */
  private where: string;
  private readonly counts: FileCounts;

  constructor(
    private readonly spec: TableSpec,
    private readonly file: InputFile,
    private readonly main: RowSink,
    private readonly family: RowSink | undefined,
    private readonly onReject: RejectSink,
    private readonly onProgress?: ProgressSink,
  ) {
    this.matcher = new HeaderMatcher(spec);
    this.where = file.display;
    this.counts = { table: spec.name, file: file.display, sheet_header_row: null, read: 0, loaded: 0, rejected: 0, skipped_blank: 0, skipped_repeated_header: 0 };
    const valueAt = new Map<string, number>();
    let at = 0;
    for (const field of spec.fields) {
      valueAt.set(field.column, at);
      at += fieldColumns(field).length;
    }
    this.requiredAt = spec.requiredValues.map((anyOf) => anyOf.map((c) => valueAt.get(c)!));
    this.studentNoAt = valueAt.get('student_no') ?? -1;
  }

  setFormat(isCsv: boolean, ctx: CellContext, sheet?: string): void {
    this.isCsv = isCsv;
    this.ctx = ctx;
    if (sheet) this.where = `${this.file.display} 工作表“${sheet}”`;
  }

  onRow = (row: RowCells, rowNumber: number, problem?: string): void => {
    if (!this.header) {
      this.findHeader(row, rowNumber);
      return;
    }
    if (isBlank(row)) { this.counts.skipped_blank++; return; }
    if (isRepeatedHeader(row, this.header)) { this.counts.skipped_repeated_header++; return; }
    if (++this.counts.read % PROGRESS_EVERY === 0) this.onProgress?.(this.file.display, this.counts.read);
    const reason = problem ?? this.shapeProblem(row) ?? this.load(row, rowNumber);
    if (reason) {
      this.counts.rejected++;
      this.onReject({ file: this.file.display, row: rowNumber, table: this.spec.name, reason });
    } else {
      this.counts.loaded++;
    }
  };

  finish(): FileCounts {
    if (!this.header) {
      const expected = this.matcher.describe(this.spec.requiredColumns);
      const reason = this.incomplete
        ? `表头缺少必需的列：${this.matcher.describe(this.incomplete.missing)}`
        : `找不到${this.spec.title}的表头（前 ${HEADER_SEARCH_ROWS} 行中没有含 ${expected} 的行）`;
      throw new CliError(locate(this.where, reason));
    }
    return this.counts;
  }

  /** [table, column] pairs the header mapped (inline member columns under 'family'). */
  headerColumns(): [string, string][] {
    const header = this.header!;
    const pairs: [string, string][] = [...header.index.keys()].map((c) => [this.spec.name, c]);
    const memberColumns = new Set(header.members.flatMap((m) => [...m.index.keys()]));
    if (memberColumns.size) pairs.push(['family', 'student_no'], ...[...memberColumns].map((c): [string, string] => ['family', c]));
    return pairs;
  }

  private findHeader(row: RowCells, rowNumber: number): void {
    if (rowNumber > HEADER_SEARCH_ROWS || isBlank(row)) return;
    const match = this.matcher.match(rowTexts(row), rowNumber);
    if (match.kind === 'header') {
      this.useHeader(match.map);
      this.counts.sheet_header_row = rowNumber;
    } else if (match.kind === 'duplicate') {
      throw new CliError(locate(this.where, `表头中“${match.header}”重复出现（第 ${match.first} 列和第 ${match.second} 列），请删除其中一列`, rowNumber));
    } else if (match.kind === 'incomplete' && !this.incomplete) {
      this.incomplete = { missing: match.missing };
    }
  }

  private useHeader(header: HeaderMap): void {
    this.header = header;
    const planOf = (field: FieldSpec, index: Map<string, number>, memo: boolean): FieldPlan => {
      const absent: StoreValue[] = [];
      pushFieldValues(absent, field, undefined, false, this.ctx);
      const col = index.get(field.column) ?? -1;
      return { field, col, absent, memo: memo && col >= 0 ? new ValueMemo() : undefined };
    };
    this.plan = this.spec.fields.map((field) => planOf(field, header.index, true));
    this.memberPlans = header.members.map((m) => MEMBER_FIELDS.map((field) => planOf(field, m.index, true)));
  }

  /** CSV rows must have the header's number of fields; xlsx rows simply omit blank trailing cells. */
  private shapeProblem(row: RowCells): string | undefined {
    if (!this.isCsv) return undefined;
    const width = this.header!.width;
    if (row.length > width) {
      for (let i = width; i < row.length; i++) if (row.text(i).trim() !== '') return `字段数多于表头（${row.length} > ${width}），可能有未加引号的逗号`;
    }
    if (row.length < width) return `字段数少于表头（${row.length} < ${width}），该行可能被截断`;
    return undefined;
  }

  /** Loads the row; returns the reason it cannot be loaded, or undefined. */
  private load(row: RowCells, rowNumber: number): string | undefined {
    const values: StoreValue[] = [];
    for (const plan of this.plan) {
      if (!this.pushValues(values, plan, row)) return '含无法解码的字符（文件编码错误或字节损坏）';
    }
    for (let r = 0; r < this.requiredAt.length; r++) {
      if (this.requiredAt[r].some((at) => values[at] !== null)) continue;
      return this.missingReason(this.spec.requiredValues[r], row);
    }
    values.push(rowNumber); // source_file is added per file when loaded (see rowColumns)
    if (this.spec.name === 'family') values.push('file');
    this.main.append(values);
    if (this.family) this.loadInlineMembers(row, rowNumber, values[this.studentNoAt] as string);
    return undefined;
  }

  /** Appends one field's values; when `strict`, refuses (false) a cell holding undecodable bytes (U+FFFD). */
  private pushValues(values: StoreValue[], plan: FieldPlan, row: RowCells, strict = true): boolean {
    if (plan.col < 0) {
      for (const v of plan.absent) values.push(v);
      return true;
    }
    const key = plan.memo?.enabled ? row.sharedIndex(plan.col) : -1;
    if (key >= 0) {
      const known = plan.memo!.get(key);
      if (known) {
        for (const v of known) values.push(v);
        return true;
      }
    }
    const text = row.text(plan.col);
    if (strict && text.indexOf('\uFFFD') >= 0) return false;
    const start = values.length;
    pushFieldValues(values, plan.field, text, row.isNumber(plan.col), this.ctx);
    if (key >= 0) plan.memo!.set(key, values.slice(start));
    return true;
  }

  private missingReason(anyOf: string[], row: RowCells): string {
    const header = this.header!;
    const names = anyOf.map((c) => this.spec.fields.find((f) => f.column === c)!.header);
    const present = anyOf.some((c) => {
      const i = header.index.get(c);
      return i !== undefined && row.text(i).trim() !== '';
    });
    if (present) return `${names.join('/')}无法识别`;
    return names.length > 1 ? `${names.join('和')}均为空` : `${names[0]}为空`;
  }

  private loadInlineMembers(row: RowCells, rowNumber: number, studentNo: string): void {
    for (const plans of this.memberPlans) {
      if (!plans.some((p) => p.col >= 0 && row.text(p.col).trim() !== '')) continue;
      const values: StoreValue[] = [studentNo];
      for (const plan of plans) {
        this.pushValues(values, plan, row, false);
      }
      values.push(rowNumber, 'inline');
      this.family!.append(values);
    }
  }
}

function isBlank(row: RowCells): boolean {
  for (let i = 0; i < row.length; i++) {
    const text = row.text(i);
    if (text !== '' && text.trim() !== '') return false;
  }
  return true;
}

export interface LoadedFile {
  counts: FileCounts;
  /** [table, column] pairs the header mapped (see FileLoader.headerColumns). */
  headerColumns: [string, string][];
}

/** Reads one input file through a FileLoader into the given sinks. */
export async function loadFile(spec: TableSpec, file: InputFile, main: RowSink, family: RowSink | undefined, onReject: RejectSink, onProgress?: ProgressSink): Promise<LoadedFile> {
  const loader = new FileLoader(spec, file, main, family, onReject, onProgress);
  await readTableFile(file, loader.onRow, (format) => loader.setFormat(format.format === 'csv', { date1904: format.date1904 }, format.sheet));
  const counts = loader.finish();
  return { counts, headerColumns: loader.headerColumns() };
}
