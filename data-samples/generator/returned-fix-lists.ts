/**
 * The fix-lists schools send back, made from the workbooks a run wrote (schools/<code>_<name>/整改清单.xlsx):
 * 整改情况 and 说明 filled in as each school decided (next-term.ts), then edited the way people edit
 * them: rows sorted, deleted and inserted, a column added, the header pushed down, the sheet renamed
 * and split in two, saved as another program saves it (text in the cells, no shared strings), and the mistakes a bureau has
 * to catch: an answer outside the list, another school's 问题编号, two answers for one problem, a
 * 问题编号 that does not exist. One school sends nothing back. Returns every row it wrote with an id.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { findReturnHeader, normaliseFindingId } from '../../pipeline/follow/return-sheet.js';
import { readXlsx, readXlsxSheetNames } from '../../pipeline/read/xlsx-reader.js';
import { rowNumbers, rowTexts } from '../../pipeline/read/row-cells.js';
import type { Cell } from './sheet-file.js';
import { ANSWER_OF, type TermDecision } from './next-term.js';
import { fixZipTimestamps } from './zip-timestamps.js';

/** One row of a returned workbook with a 问题编号, where a person finds it. */
export interface WrittenRow {
  file: string;
  sheet: string;
  row: number;
  findingId: string;
  answer: string;
  note: string;
  /** The school whose workbook it is. */
  school: string;
}

interface Sheet {
  name: string;
  rows: Cell[][];
  /** Index of the first data row (below the header); null for a sheet without the header. */
  dataFrom: number | null;
}

/** The edits one school makes, by its place among the schools with a fix-list (in code order). */
const EDITS: string[][] = [
  ['sorted', 'header_down'],
  ['deleted', 'added_column'],
  ['inserted', 'unknown_id'],
  ['renamed', 'split'],
  ['bad_answer', 'cell_strings'],
  ['other_school'],
  ['conflict'],
  ['not_returned'],
];

/** The first sheet of a workbook with the fix-list header: its rows as Cells and the header's place. */
async function readFixList(path: string): Promise<{ sheet: Sheet; header: number; id: number; answer: number; note: number }> {
  for (const name of await readXlsxSheetNames(path)) {
    const rows: Cell[][] = [];
    await readXlsx(path, (row, n) => {
      const numeric = rowNumbers(row);
      rows[n - 1] = rowTexts(row).map((t, i) => (t === '' ? null : numeric[i] ? Number(t) : t));
    }, { sheet: name });
    for (let i = 0; i < rows.length; i++) rows[i] ??= [];
    const header = rows.findIndex((r) => findReturnHeader(r.map((c) => (c === null ? '' : String(c)))));
    if (header < 0) continue;
    const columns = findReturnHeader(rows[header].map((c) => (c === null ? '' : String(c))))!;
    return { sheet: { name, rows, dataFrom: header + 1 }, header, ...columns };
  }
  throw new Error(`${path}: no fix-list header`);
}

/** Writes the sheets as Excel would (shared strings), or with the text in the cells (t="str", no shared-strings part) as some other programs do. */
async function writeBook(path: string, sheets: Sheet[], cellStrings: boolean): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const book = cellStrings ? new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false }) : new ExcelJS.Workbook();
  book.created = book.modified = new Date(Date.UTC(2025, 10, 15));
  for (const s of sheets) {
    const sheet = book.addWorksheet(s.name);
    s.rows.forEach((cells, r) => {
      const row = sheet.getRow(r + 1);
      cells.forEach((v, c) => { if (v !== null && v !== '') row.getCell(c + 1).value = v; });
      if (cellStrings) row.commit();
    });
    if (cellStrings) (sheet as ExcelJS.Worksheet & { commit(): void }).commit();
  }
  if (cellStrings) await (book as ExcelJS.stream.xlsx.WorkbookWriter).commit();
  else await (book as ExcelJS.Workbook).xlsx.writeFile(path);
  await fixZipTimestamps(path, '2025-11-15');
}

export interface ReturnsWritten {
  rows: WrittenRow[];
  /** Files written, as the campaign file names them (returns/…). */
  files: string[];
}

/**
 * Fills in and edits the fix-lists of the run in `outDir` into `campaignDir`/returns/. `decisions`
 * say what each school answers per finding_id.
 */
export async function writeReturns(outDir: string, campaignDir: string, decisions: TermDecision[]): Promise<ReturnsWritten> {
  const byId = new Map(decisions.map((d) => [d.findingId, d]));
  const folders = (await readdir(join(outDir, 'schools'))).filter((f) => existsSync(join(outDir, 'schools', f, '整改清单.xlsx'))).sort();
  const lists = await Promise.all(folders.map((f) => readFixList(join(outDir, 'schools', f, '整改清单.xlsx'))));
  const rowsOf = (i: number) => lists[i].sheet.rows.slice(lists[i].header + 1).filter((r) => r[lists[i].id] !== null && r[lists[i].id] !== undefined);
  const idOf = (list: (typeof lists)[number], r: Cell[]) => normaliseFindingId(String(r[list.id]), typeof r[list.id] === 'number');
  const written: WrittenRow[] = [];
  const files: string[] = [];
  for (const [i, folder] of folders.entries()) {
    const edits = EDITS[i % EDITS.length];
    if (edits.includes('not_returned')) continue;
    const list = lists[i];
    const [code, ...rest] = folder.split('_');
    const name = rest.join('_');
    let { id, answer, note } = list;
    const fill = (r: Cell[]): Cell[] => {
      const d = byId.get(idOf(list, r));
      const copy = [...r];
      if (d) { copy[answer] = ANSWER_OF[d.outcome].answer || null; copy[note] = ANSWER_OF[d.outcome].note || null; }
      return copy;
    };
    let head = list.sheet.rows.slice(0, list.header + 1).map((r) => [...r]);
    let body = rowsOf(i).map(fill);
    if (edits.includes('sorted')) body.sort((a, b) => String(b[id]).localeCompare(String(a[id])));
    if (edits.includes('deleted')) {
      // Rows left unanswered go, and one answered row with them.
      body = body.filter((r, k) => r[answer] !== null || k === 0);
      if (body.length > 2) body.splice(body.length - 1, 1);
    }
    if (edits.includes('bad_answer')) body[0][answer] = '已改正';
    if (edits.includes('conflict')) {
      const first = body.find((r) => r[answer] !== null) ?? body[0];
      const twin = [...first];
      twin[answer] = first[answer] === '无法整改' ? '已整改' : '无法整改';
      twin[note] = '另一位老师填写';
      body.push(twin);
    }
    if (edits.includes('other_school')) body.push(fill(rowsOf(lists.findIndex((_, k) => k !== i && rowsOf(k).length > 0))[0]));
    if (edits.includes('unknown_id')) body.splice(1, 0, body[0].map((c, k) => (k === id ? 'ffffffffffff' : k === answer ? '已整改' : c)));
    if (edits.includes('inserted')) body.splice(1, 0, [], Array.from({ length: note + 1 }, (_, k) => (k === note ? '以上问题均已核实' : null)));
    if (edits.includes('added_column')) {
      const at = answer;
      head = head.map((r, k) => (k === head.length - 1 ? [...r.slice(0, at), '责任人', ...r.slice(at)] : r));
      body = body.map((r) => (r.length > at ? [...r.slice(0, at), '李老师', ...r.slice(at)] : r));
      if (id >= at) id++;
      answer++;
      note++;
    }
    if (edits.includes('header_down')) head = [head[0], ['报送日期：2025年11月15日'], [], ...head.slice(1)];
    const sheetName = edits.includes('renamed') ? name.slice(0, 31) : list.sheet.name;
    const sheets: Sheet[] = edits.includes('split')
      ? [
        { name: '填表说明', rows: [['请勿修改问题编号']], dataFrom: null },
        { name: sheetName, rows: [...head, ...body.slice(0, 1)], dataFrom: head.length },
        { name: '续表', rows: [head[head.length - 1], ...body.slice(1)], dataFrom: 1 },
      ]
      : [{ name: sheetName, rows: [...head, ...body], dataFrom: head.length }];
    // Where schools put them: their folder as xueji wrote it, a file named after the school, or a folder
    // of several schools (the school then known from the workbook's title only).
    const file = edits.includes('other_school') || i % 3 === 0 ? `returns/${folder}/整改清单.xlsx` : i % 3 === 1 ? `returns/${folder}.xlsx` : `returns/学区汇总/${name}整改清单.xlsx`;
    await writeBook(join(campaignDir, file), sheets, edits.includes('cell_strings'));
    files.push(file);
    for (const s of sheets) {
      if (s.dataFrom === null) continue;
      s.rows.forEach((r, k) => {
        const cell = r[id];
        if (k < s.dataFrom! || cell === null || cell === undefined) return;
        written.push({ file, sheet: s.name, row: k + 1, findingId: normaliseFindingId(String(cell), typeof cell === 'number'), answer: String(r[answer] ?? ''), note: String(r[note] ?? ''), school: code });
      });
    }
  }
  return { rows: written, files };
}
