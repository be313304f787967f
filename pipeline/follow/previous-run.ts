/**
 * The previous campaign's out dir (`previous:`): checked as soon as the campaign is read (a folder
 * that is not an xueji out dir stops the run with one line naming it), then its findings.csv and
 * resolved.csv loaded into the store as previous_finding and previous_resolved. The CSVs are read by
 * DuckDB with explicit columns, found by name in the header (read by our CSV parser, so a column
 * added by a later xueji moves nothing); text that findings.csv guarded with an apostrophe
 * (formula-looking text) is unguarded.
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { CliError } from '../cli-error.js';
import { sqlString } from '../load/store-columns.js';
import { unguardedSql } from '../check/findings-output.js';
import { CsvParser } from '../read/csv-reader.js';
import { readHead } from '../read/file-kind.js';
import { rowTexts } from '../read/row-cells.js';
import { bufferEncoding } from '../read/text-decoding.js';
import type { Store } from '../check/store.js';

export interface PreviousRun {
  dir: string;
  /** The previous campaign's name and 核查基准日, from its summary.json (for the circular's wording). */
  name: string;
  asOf: string;
  /** Column name → position in its findings.csv, and in its resolved.csv (absent in a run without follow-up). */
  findingsColumns: Map<string, number>;
  resolvedColumns: Map<string, number> | null;
}

/** The columns of findings.csv a later campaign reads; the first two must be there. */
const REQUIRED = ['finding_id', 'rule'];
const WANTED = ['finding_id', 'rule', 'title', 'district', 'school_code', 'school_name', 'grade', 'student_key'];

/** The header of a CSV xueji wrote (UTF-8, BOM): its column names, or why it is not one. */
async function csvHeader(path: string): Promise<string[] | string> {
  const head = await readHead(path, 64 * 1024);
  const { encoding, bomLength } = bufferEncoding(head);
  if (encoding !== 'utf-8') return '不是 UTF-8 编码（可能被 Excel/WPS 另存过，请使用 xueji 写出的原文件）';
  let header: string[] | undefined;
  const parser = new CsvParser((row) => { header ??= rowTexts(row); });
  parser.feed(head.subarray(bomLength));
  parser.end();
  return header && header.length > 1 ? header.map((h) => h.trim()) : '没有表头行';
}

/**
 * Checks the campaign's `previous:` folder (relative to the campaign file) and reads what the
 * follow-up needs to know of it. Every problem is one CliError naming the folder as given and where it lies.
 */
export async function checkPreviousRun(given: string, campaignDir: string, campaignName: string): Promise<PreviousRun> {
  const dir = resolve(campaignDir, given);
  const fail = (reason: string): never => { throw new CliError(`${campaignName}: previous: “${given}”（${dir}）${reason}`); };
  if (!existsSync(dir)) fail('不存在，请给出上次核查的输出目录');
  if (!statSync(dir).isDirectory()) fail('不是文件夹，请给出上次核查的输出目录');
  const missing = ['findings.csv', 'summary.json'].filter((f) => !existsSync(join(dir, f)));
  if (missing.length) fail(`不是 xueji 的输出目录（没有 ${missing.join('、')}）`);
  let summary: { campaign?: unknown; as_of?: unknown };
  try {
    summary = JSON.parse((await readFile(join(dir, 'summary.json'), 'utf8')).replace(/^\uFEFF/, ''));
  } catch {
    return fail('中的 summary.json 不是 xueji 写出的 JSON 文件');
  }
  const header = await csvHeader(join(dir, 'findings.csv'));
  if (typeof header === 'string') fail(`中的 findings.csv ${header}`);
  const findingsColumns = new Map((header as string[]).map((name, i) => [name, i]));
  const absent = REQUIRED.filter((c) => !findingsColumns.has(c));
  if (absent.length) fail(`中的 findings.csv 没有 ${absent.join('、')} 列（由旧版 xueji 生成？请用当前版本重新运行上次核查）`);
  let resolvedColumns: Map<string, number> | null = null;
  if (existsSync(join(dir, 'resolved.csv'))) {
    const resolvedHeader = await csvHeader(join(dir, 'resolved.csv'));
    if (typeof resolvedHeader === 'string' || !resolvedHeader.includes('finding_id')) fail('中的 resolved.csv 不是 xueji 写出的文件（没有 finding_id 列）');
    resolvedColumns = new Map((resolvedHeader as string[]).map((name, i) => [name, i]));
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return { dir, name: text(summary!.campaign) || basename(dir), asOf: text(summary!.as_of), findingsColumns, resolvedColumns };
}

/** read_csv of one of our CSVs: every column text, by position, nothing guessed. */
function csvSource(path: string, width: number): string {
  const columns = Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`).join(', ');
  return `read_csv(${sqlString(path)}, header = false, skip = 1, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${columns}})`;
}

/** Where DuckDB stopped, without the line it quotes (which may hold personal data). */
function csvProblem(e: unknown): string {
  const line = /Line:\s*(\d+)/.exec(e instanceof Error ? e.message : '')?.[1];
  return line ? `第${line}行格式不对（列数与表头不符或引号未闭合）` : '格式不对，无法读取';
}

/**
 * previous_finding (the previous run's findings, the columns WANTED) and previous_resolved (finding_id
 * of its resolved.csv; empty without one). Returns the number of previous findings.
 */
export async function loadPreviousRun(store: Store, previous: PreviousRun, campaignName: string): Promise<number> {
  const pick = (columns: Map<string, number>, name: string, type = 'VARCHAR') => {
    const at = columns.get(name);
    if (at === undefined) return `NULL::${type} AS ${name}`;
    return type === 'VARCHAR' ? `${unguardedSql(`c${at}`)} AS ${name}` : `TRY_CAST(c${at} AS ${type}) AS ${name}`;
  };
  const read = async (file: string, sql: string) => {
    try {
      await store.run(sql);
    } catch (e) {
      throw new CliError(`${campaignName}: previous: ${join(previous.dir, file)}: ${csvProblem(e)}`);
    }
  };
  const f = previous.findingsColumns;
  await read('findings.csv', `CREATE OR REPLACE TABLE previous_finding AS
    SELECT ${WANTED.map((c) => pick(f, c, c === 'grade' ? 'INTEGER' : 'VARCHAR')).join(', ')}
    FROM ${csvSource(join(previous.dir, 'findings.csv'), f.size)}`);
  const r = previous.resolvedColumns;
  await read('resolved.csv', r
    ? `CREATE OR REPLACE TABLE previous_resolved AS SELECT DISTINCT ${pick(r, 'finding_id')} FROM ${csvSource(join(previous.dir, 'resolved.csv'), r.size)}`
    : 'CREATE OR REPLACE TABLE previous_resolved (finding_id VARCHAR)');
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INT AS n FROM previous_finding');
  return n;
}
