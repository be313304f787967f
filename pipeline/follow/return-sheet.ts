/**
 * One sheet of a returned fix-list, row by row: finds the header row by its names (问题编号, 整改情况,
 * 说明) wherever the school moved it, then keeps every data row that has a 问题编号, whatever order
 * the rows are in and whatever columns were added. The lines above the header are kept: they may say
 * whose workbook it is. Pure logic: the file reading is return-files.ts.
 */
import { cleanText } from '../load/normalize.js';
import { normaliseHeader } from '../load/header-row.js';
import { rowTexts, type RowCells } from '../read/row-cells.js';

/** The answers a school may give (contract: 整改情况 must be empty or one of these). */
export const ANSWERS = ['已整改', '无需整改', '无法整改'] as const;
export type Answer = (typeof ANSWERS)[number];

export interface ReturnRow {
  /** The sheet row a person sees (1-based). */
  row: number;
  /** 问题编号 as the finding_id is written: lower-case hex, no spaces. */
  findingId: string;
  /** 整改情况 as typed (trimmed); '' when empty. */
  answerText: string;
  /** The answer when it is one of ANSWERS (spaces ignored), else null. */
  answer: Answer | null;
  /** 说明; '' when empty or when the sheet has no 说明 column. */
  note: string;
}

export const ID_HEADER = '问题编号';
export const ANSWER_HEADER = '整改情况';
/** The note column: 说明 as written by xueji; the others are what schools rename it to. */
export const NOTE_HEADERS = ['说明', '整改说明', '情况说明', '备注'];
/** The note column's name in the fix-lists we write. */
export const NOTE_HEADER = NOTE_HEADERS[0];

/** A header cell as compared: the loader's normal form, without a trailing parenthesised note (整改情况（请选择）). */
const headerName = (text: string): string => normaliseHeader(text).replace(/\(.*\)$/, '');

/** 问题编号 as typed or as Excel kept it: a number that lost its leading zeros gets them back. */
export function normaliseFindingId(text: string, isNumber: boolean): string {
  const id = cleanText(text).replace(/\s+/g, '').replace(/^'/, '').toLowerCase();
  return isNumber && /^\d{1,11}$/.test(id) ? id.padStart(12, '0') : id;
}

/** 整改情况 as one of the answers, ignoring spaces anywhere (已 整改); null when it is something else. */
export function normaliseAnswer(text: string): Answer | null {
  const compact = cleanText(text).replace(/\s+/g, '');
  return (ANSWERS as readonly string[]).includes(compact) ? (compact as Answer) : null;
}

export interface ReturnColumns {
  id: number;
  answer: number;
  /** -1 when the sheet has no note column. */
  note: number;
}

/** The header's columns when the row (its cells' texts) is the fix-list header, else null. */
export function findReturnHeader(cells: string[]): ReturnColumns | null {
  const names = cells.map(headerName);
  const id = names.indexOf(ID_HEADER);
  const answer = names.indexOf(ANSWER_HEADER);
  if (id < 0 || answer < 0) return null;
  // A note column right of 整改情况 first (where xueji puts 说明), then anywhere.
  const isNote = (n: string) => NOTE_HEADERS.includes(n);
  const right = names.findIndex((n, i) => i > answer && isNote(n));
  return { id, answer, note: right >= 0 ? right : names.findIndex(isNote) };
}

export class ReturnSheet {
  private columns: ReturnColumns | null = null;
  /** The header's row number, once found. */
  headerRow = 0;
  /** The text of the cells above the header (title lines: whose workbook it is, workbook-school.ts). */
  readonly titleLines: string[] = [];
  readonly rows: ReturnRow[] = [];
  /** Rows below the header with an answer or a note but no 问题编号 (not matched; told, not counted). */
  withoutId = 0;

  get hasHeader(): boolean {
    return this.columns !== null;
  }

  onRow = (row: RowCells, rowNumber: number): void => {
    if (!this.columns) {
      const cells = rowTexts(row);
      this.columns = findReturnHeader(cells);
      if (this.columns) this.headerRow = rowNumber;
      else this.titleLines.push(...cells.filter((c) => c.trim() !== ''));
      return;
    }
    const { id, answer, note } = this.columns;
    const findingId = normaliseFindingId(row.text(id), row.isNumber(id));
    const answerText = cleanText(row.text(answer));
    const noteText = note >= 0 ? cleanText(row.text(note)) : '';
    if (findingId === '' || headerName(row.text(id)) === ID_HEADER) {
      // A blank row, a repeated header, or a line the school added (a signature, a remark).
      if (findingId === '' && (answerText !== '' || noteText !== '')) this.withoutId++;
      return;
    }
    this.rows.push({ row: rowNumber, findingId, answerText, answer: normaliseAnswer(answerText), note: noteText });
  };
}
