/**
 * Ingest of one file: every row is either loaded (normalised, into a RowSink: the bulk CSV that DuckDB
 * loads, see ingest-pool.ts) or
 * listed in rejected.csv with its reason. Title rows above the header, blank rows and repeated
 * header rows are skipped and counted apart; read = loaded + rejected.
 */
import { CliError, locate } from './cli-error.js';
import { HeaderMatcher, isRepeatedHeader, type HeaderMap } from './header-row.js';
import { MEMBER_FIELDS, type TableSpec } from './input-tables.js';
import { pushFieldValues, type CellContext } from './row-values.js';
import type { RowSink } from './bulk-csv.js';
import type { StoreValue } from './store-columns.js';
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

export class FileLoader {
  private header: HeaderMap | undefined;
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
  }

  setFormat(isCsv: boolean, ctx: CellContext, sheet?: string): void {
    this.isCsv = isCsv;
    this.ctx = ctx;
    if (sheet) this.where = `${this.file.display} 工作表“${sheet}”`;
  }

  onRow = (cells: string[], rowNumber: number, numeric: boolean[], problem?: string): void => {
    if (!this.header) {
      this.findHeader(cells, rowNumber);
      return;
    }
    if (isBlank(cells)) { this.counts.skipped_blank++; return; }
    if (isRepeatedHeader(cells, this.header)) { this.counts.skipped_repeated_header++; return; }
    if (++this.counts.read % PROGRESS_EVERY === 0) this.onProgress?.(this.file.display, this.counts.read);
    const reason = problem ?? this.shapeProblem(cells) ?? this.load(cells, rowNumber, numeric);
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

  private findHeader(cells: string[], rowNumber: number): void {
    if (rowNumber > HEADER_SEARCH_ROWS || isBlank(cells)) return;
    const match = this.matcher.match(cells, rowNumber);
    if (match.kind === 'header') {
      this.header = match.map;
      this.counts.sheet_header_row = rowNumber;
    } else if (match.kind === 'duplicate') {
      throw new CliError(locate(this.where, `表头中“${match.header}”重复出现（第 ${match.first} 列和第 ${match.second} 列），请删除其中一列`, rowNumber));
    } else if (match.kind === 'incomplete' && !this.incomplete) {
      this.incomplete = { missing: match.missing };
    }
  }

  /** CSV rows must have the header's number of fields; xlsx rows simply omit blank trailing cells. */
  private shapeProblem(cells: string[]): string | undefined {
    if (!this.isCsv) return undefined;
    const width = this.header!.width;
    if (cells.length > width && cells.slice(width).some((c) => c.trim() !== '')) return `字段数多于表头（${cells.length} > ${width}），可能有未加引号的逗号`;
    if (cells.length < width) return `字段数少于表头（${cells.length} < ${width}），该行可能被截断`;
    return undefined;
  }

  /** Loads the row; returns the reason it cannot be loaded, or undefined. */
  private load(cells: string[], rowNumber: number, numeric: boolean[]): string | undefined {
    const header = this.header!;
    for (const i of header.index.values()) {
      if ((cells[i] ?? '').includes('\uFFFD')) return '含无法解码的字符（文件编码错误或字节损坏）';
    }
    const values: StoreValue[] = [];
    const at = new Map<string, number>();
    for (const field of this.spec.fields) {
      const i = header.index.get(field.column);
      at.set(field.column, values.length);
      pushFieldValues(values, field, i === undefined ? undefined : cells[i], i !== undefined && numeric[i] === true, this.ctx);
    }
    for (const anyOf of this.spec.requiredValues) {
      if (anyOf.some((c) => values[at.get(c)!] !== null)) continue;
      return this.missingReason(anyOf, cells);
    }
    values.push(this.file.display, rowNumber);
    if (this.spec.name === 'family') values.push('file');
    this.main.append(values);
    if (this.family) this.loadInlineMembers(cells, rowNumber, numeric, values[at.get('student_no')!] as string);
    return undefined;
  }

  private missingReason(anyOf: string[], cells: string[]): string {
    const header = this.header!;
    const names = anyOf.map((c) => this.spec.fields.find((f) => f.column === c)!.header);
    const present = anyOf.some((c) => {
      const i = header.index.get(c);
      return i !== undefined && (cells[i] ?? '').trim() !== '';
    });
    if (present) return `${names.join('/')}无法识别`;
    return names.length > 1 ? `${names.join('和')}均为空` : `${names[0]}为空`;
  }

  private loadInlineMembers(cells: string[], rowNumber: number, numeric: boolean[], studentNo: string): void {
    for (const member of this.header!.members) {
      if (![...member.index.values()].some((i) => (cells[i] ?? '').trim() !== '')) continue;
      const values: StoreValue[] = [studentNo];
      for (const field of MEMBER_FIELDS) {
        const i = member.index.get(field.column);
        pushFieldValues(values, field, i === undefined ? undefined : cells[i], i !== undefined && numeric[i] === true, this.ctx);
      }
      values.push(this.file.display, rowNumber, 'inline');
      this.family!.append(values);
    }
  }
}

function isBlank(cells: string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
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
