/**
 * Ingest of one file: every row is either loaded (normalised, into a RowSink: the bulk CSV that DuckDB
 * loads, see ingest-pool.ts) or
 * listed in rejected.csv with its reason. Title rows above the header, blank rows and repeated
 * header rows are skipped and counted apart; read = loaded + rejected.
 */
import { CliError, locate } from '../cli-error.js';
import { HeaderMatcher, isRepeatedHeader, type HeaderMap, type HeaderReport } from './header-row.js';
import { MEMBER_FIELDS, type InputName, type TableSpec } from './input-tables.js';
import type { CellContext } from './row-values.js';
import type { BulkLineWriter } from './bulk-csv.js';
import { planField, writeField, type FieldPlan } from './field-plan.js';
import { emptyCellBytes, isBlankCell, rowTexts, type RowCells } from '../read/row-cells.js';
import { fieldColumns } from './store-columns.js';
import { ReadError, readTableFile, type InputFile } from '../read/table-reader.js';

export interface FileCounts {
  table: InputName;
  file: string;
  sheet_header_row: number | null;
  read: number;
  loaded: number;
  rejected: number;
  skipped_blank: number;
  skipped_repeated_header: number;
  /** What became of each column of the header row (mapped, known but unused, unrecognised). */
  columns: HeaderReport;
}

export interface RejectedRow {
  file: string;
  row: number;
  table: string;
  reason: string;
}

export type RejectSink = (row: RejectedRow) => void;

/** Rows scanned for the header before giving up. */
export const HEADER_SEARCH_ROWS = 50;

/** Called every PROGRESS_EVERY rows with the rows read so far in the file. */
export type ProgressSink = (file: string, rows: number) => void;
const PROGRESS_EVERY = 10_000;

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
  /** Where the cell being read lies (reused for every cell). */
  private readonly cell = emptyCellBytes();
  /** The file (and worksheet) as messages name it. */
  private where: string;
  private readonly counts: FileCounts;

  constructor(
    private readonly spec: TableSpec,
    private readonly file: InputFile,
    private readonly main: BulkLineWriter,
    private readonly family: BulkLineWriter | undefined,
    private readonly onReject: RejectSink,
    private readonly onProgress?: ProgressSink,
  ) {
    this.matcher = new HeaderMatcher(spec);
    this.where = file.display;
    this.counts = { table: spec.name, file: file.display, sheet_header_row: null, read: 0, loaded: 0, rejected: 0, skipped_blank: 0, skipped_repeated_header: 0, columns: { mapped: [], unused: [], unrecognised: [] } };
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
    // A row with a read problem is rejected even when what could be read of it looks blank.
    if (!problem && this.isBlank(row)) { this.counts.skipped_blank++; return; }
    if (!problem && isRepeatedHeader(row, this.header, this.cell)) { this.counts.skipped_repeated_header++; return; }
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
    if (rowNumber > HEADER_SEARCH_ROWS || this.isBlank(row)) return;
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
    this.counts.columns = header.report;
    this.plan = this.spec.fields.map((field) => planField(field, header.index.get(field.column) ?? -1, this.ctx));
    this.memberPlans = header.members.map((m) => MEMBER_FIELDS.map((field) => planField(field, m.index.get(field.column) ?? -1, this.ctx)));
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
    const out = this.main;
    out.beginLine();
    for (const plan of this.plan) {
      if (!writeField(out, plan, row, this.ctx, this.cell, true)) {
        out.dropLine();
        return '含无法解码的字符（文件编码错误或字节损坏）';
      }
    }
    for (let r = 0; r < this.requiredAt.length; r++) {
      if (this.requiredAt[r].some((at) => !out.isNull(at))) continue;
      out.dropLine();
      return this.missingReason(this.spec.requiredValues[r], row);
    }
    out.integer(rowNumber); // source_file is added per file when loaded (see rowColumns)
    if (this.spec.name === 'family') out.value('file');
    // Members before the row's end: they copy its 学籍号 from the line being built.
    if (this.family) this.loadInlineMembers(row, rowNumber);
    out.endLine();
    return undefined;
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

  private loadInlineMembers(row: RowCells, rowNumber: number): void {
    const family = this.family!;
    for (const plans of this.memberPlans) {
      if (plans.every((p) => p.col < 0 || isBlankCell(row, p.col, this.cell))) continue;
      family.beginLine();
      family.copyValue(this.main, this.studentNoAt);
      for (const plan of plans) writeField(family, plan, row, this.ctx, this.cell, false);
      family.integer(rowNumber);
      family.value('inline');
      family.endLine();
    }
  }

  private isBlank(row: RowCells): boolean {
    for (let i = 0; i < row.length; i++) if (!isBlankCell(row, i, this.cell)) return false;
    return true;
  }
}

export interface LoadedFile {
  counts: FileCounts;
  /** [table, column] pairs the header mapped (see FileLoader.headerColumns). */
  headerColumns: [string, string][];
}

/** Reads one input file through a FileLoader into the given sinks. */
export async function loadFile(spec: TableSpec, file: InputFile, main: BulkLineWriter, family: BulkLineWriter | undefined, onReject: RejectSink, onProgress?: ProgressSink): Promise<LoadedFile> {
  const loader = new FileLoader(spec, file, main, family, onReject, onProgress);
  try {
    await readTableFile(file, loader.onRow, (format) => loader.setFormat(format.format === 'csv', { date1904: format.date1904 }, format.sheet));
  } catch (e) {
    throw e instanceof ReadError ? new CliError(locate(file.display, e.message)) : e;
  }
  const counts = loader.finish();
  return { counts, headerColumns: loader.headerColumns() };
}
