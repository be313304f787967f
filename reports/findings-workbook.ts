/**
 * findings.xlsx beside findings.csv: every finding, in the same order, for people who open it in
 * Excel or WPS (findings.csv stays for scripts). Chinese column titles, the finding_id as 问题编号,
 * every ID and code a text cell. Streamed from the store a batch at a time, packed by DuckDB (one
 * string per row, see packed-rows.ts), so a city's findings never sit whole in JS.
 */
import { join } from 'node:path';
import { FINDINGS_ORDER } from '../pipeline/check/findings-output.js';
import { packedRowSql, unpackRows } from '../pipeline/check/packed-rows.js';
import type { Store } from '../pipeline/check/store.js';
import { gradeName } from './chinese-format.js';
import { severityName } from './labels.js';
import { writeListWorkbook, type ListColumn } from './write/list-workbook.js';
import type { CellValue, WorkbookInfo } from './write/workbook-writer.js';

/** The workbook's columns: the findings column each shows, its title, width and how its value reads. */
const COLUMNS: { column: string; header: string; width: number; show?: (v: string) => CellValue }[] = [
  { column: 'finding_id', header: '问题编号', width: 14 },
  { column: 'district', header: '学区', width: 12 },
  { column: 'school_code', header: '学校标识码', width: 13 },
  { column: 'school_name', header: '学校名称', width: 24 },
  { column: 'grade', header: '年级', width: 8, show: (v) => gradeName(Number(v)) },
  { column: 'student_key', header: '学籍号/证件号码', width: 22 },
  { column: 'student_name', header: '姓名', width: 10 },
  { column: 'title', header: '问题', width: 28 },
  { column: 'severity', header: '级别', width: 6, show: severityName },
  { column: 'detail', header: '问题说明', width: 50 },
  { column: 'follow_up', header: '跟踪情况', width: 10 },
  { column: 'rule', header: '规则代码', width: 22 },
  { column: 'source_file', header: '来源文件', width: 28 },
  { column: 'source_row', header: '来源行号', width: 9, show: Number },
];

const LIST_COLUMNS: ListColumn[] = COLUMNS.map((c) => ({ header: c.header, width: c.width, kind: c.column === 'source_row' ? 'number' : 'text' }));

/** Writes findings.xlsx into `dir`; returns the number of findings written. */
export async function writeFindingsWorkbook(store: Store, dir: string, info: WorkbookInfo): Promise<number> {
  const stream = await store.streamApart<{ line: string }>(`SELECT ${packedRowSql(COLUMNS.map((c) => c.column))} AS line FROM findings ${FINDINGS_ORDER}`);
  async function* batches(): AsyncGenerator<CellValue[][]> {
    for (let batch = await stream.next(); batch; batch = await stream.next()) {
      yield batch.map(({ line }) => unpackRows(line)[0].map((v, c) => (v === null ? null : COLUMNS[c].show ? COLUMNS[c].show!(v) : v)));
    }
  }
  try {
    return await writeListWorkbook(join(dir, 'findings.xlsx'), info, { name: '问题清单', columns: LIST_COLUMNS }, batches());
  } finally {
    await stream.close();
  }
}
