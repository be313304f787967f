/**
 * `xueji inspect <file>`: what xueji sees in one input file. Its kind, encoding and sheets, the header
 * row found and how each column maps to the contract's tables, read problems (rows that would go to
 * rejected.csv), and the first rows as normalised. With `--cells`, every raw cell as one JSON line
 * {"sheet","row","col","value"} on stdout and nothing else, so that any other reader can be compared.
 * The file's values go to stdout only (the user's own file, shown to them), never to a log.
 */
import { resolve } from 'node:path';
import { CliError, locate } from './cli-error.js';
import { HEADER_SEARCH_ROWS } from './load/ingest.js';
import { HeaderMatcher, type HeaderMap } from './load/header-row.js';
import { MEMBER_FIELDS, TABLES, type TableSpec } from './load/input-tables.js';
import { pushFieldValues } from './load/row-values.js';
import type { StoreValue } from './load/store-columns.js';
import { ReadError, readTableFile, type FileFormat, type TableRowSink } from './read/table-reader.js';
import { normaliseEncodingName, type TextEncodingName } from './read/text-decoding.js';
import { columnName } from '../reports/write/workbook-parts.js';

export interface InspectOptions {
  sheet?: string;
  encoding?: string;
  table?: string;
  cells?: boolean;
}

/** Where output goes: `out` is stdout (data), `warn` is stderr (one line each, no values). */
export interface InspectOutput {
  out: (text: string) => void;
  warn: (line: string) => void;
}

const PREVIEW_ROWS = 5;
const LISTED_PROBLEMS = 5;
const MAX_KEPT = 1000;

export async function inspectFile(file: string, options: InspectOptions, output: InspectOutput): Promise<void> {
  const encoding = options.encoding === undefined ? undefined : encodingOf(options.encoding);
  if (options.cells) {
    await printCells(file, options.sheet, encoding, output);
    return;
  }
  const spec = options.table === undefined ? undefined : tableOf(options.table);
  const sample = new RowSample();
  const format = await readFile(file, options.sheet, encoding, sample.onRow);
  output.out(describeFile(file, format, sample, spec).join('\n') + '\n');
}

function encodingOf(name: string): TextEncodingName {
  const encoding = normaliseEncodingName(name);
  if (!encoding) throw new CliError(`--encoding: 不认识的编码“${name}”（可用 utf-8、gb18030、utf-16le、utf-16be）`);
  return encoding;
}

function tableOf(name: string): TableSpec {
  const spec = TABLES.find((t) => t.name === name || t.title === name);
  if (!spec) throw new CliError(`--table: 没有名为“${name}”的表（可用 ${TABLES.map((t) => `${t.name}（${t.title}）`).join('、')}）`);
  return spec;
}

async function readFile(file: string, sheet: string | undefined, encoding: TextEncodingName | undefined, onRow: TableRowSink, onFormat?: (f: FileFormat) => void): Promise<FileFormat> {
  let format: FileFormat | undefined;
  try {
    await readTableFile({ path: resolve(file), display: file, sheet, encoding }, onRow, (f) => { format = f; onFormat?.(f); });
  } catch (e) {
    throw e instanceof ReadError ? new CliError(locate(file, e.message)) : e;
  }
  return format!;
}

/** Every non-empty cell of the sheet asked for (of every sheet, when none is), as the reader returns it. */
async function printCells(file: string, sheet: string | undefined, encoding: TextEncodingName | undefined, output: InspectOutput): Promise<void> {
  let lines: string[] = [];
  let size = 0;
  const flush = () => {
    if (lines.length) output.out(lines.join(''));
    lines = [];
    size = 0;
  };
  let sheetName = '';
  const onRow: TableRowSink = (row, rowNumber, problem) => {
    if (problem) output.warn(locate(sheetName ? `${file} 工作表“${sheetName}”` : file, problem, rowNumber));
    for (let col = 0; col < row.length; col++) {
      const value = row.text(col);
      if (value === '') continue;
      const line = `${JSON.stringify({ sheet: sheetName, row: rowNumber, col, value })}\n`;
      lines.push(line);
      size += line.length;
      if (size > 1 << 16) flush();
    }
  };
  const onFormat = (f: FileFormat) => { sheetName = f.sheet ?? ''; };
  const first = await readFile(file, sheet, encoding, onRow, onFormat);
  flush();
  if (first.format !== 'xlsx' || sheet !== undefined) return;
  for (const other of (first.sheets ?? []).slice(1)) {
    await readFile(file, other, encoding, onRow, onFormat);
    flush();
  }
}

interface SampleRow {
  rowNumber: number;
  texts: string[];
  numeric: boolean[];
}

/** The rows a report needs (those where a header may be, and a few after), with counts of the rest. */
class RowSample {
  readonly rows: SampleRow[] = [];
  /** The first LISTED_PROBLEMS rows with a read problem; problemCount counts them all. */
  readonly problems: { rowNumber: number; problem: string }[] = [];
  problemCount = 0;
  total = 0;
  nonBlank = 0;
  private beyondSearch = 0;

  onRow: TableRowSink = (row, rowNumber, problem) => {
    this.total++;
    if (problem && ++this.problemCount <= LISTED_PROBLEMS) this.problems.push({ rowNumber, problem });
    // A cell past MAX_KEPT characters is no header, and shown cut: a crafted file cannot make the sample huge.
    const texts = Array.from({ length: row.length }, (_, i) => { const t = row.text(i); return t.length > MAX_KEPT ? `${t.slice(0, MAX_KEPT)}…` : t; });
    if (texts.every((t) => t.trim() === '')) return;
    this.nonBlank++;
    if (rowNumber > HEADER_SEARCH_ROWS && ++this.beyondSearch > PREVIEW_ROWS) return;
    this.rows.push({ rowNumber, texts, numeric: texts.map((_, i) => row.isNumber(i)) });
  };
}

interface HeaderFound {
  spec: TableSpec;
  map: HeaderMap;
  /** Required columns the header lacks (the loader would refuse the file). */
  missing: string[][];
  score: number;
}

function describeFile(file: string, format: FileFormat, sample: RowSample, wanted: TableSpec | undefined): string[] {
  const lines = [`文件: ${file}`];
  if (format.format === 'csv') lines.push(`类型: CSV 文本，编码 ${format.encoding}`);
  else {
    lines.push(`类型: xlsx 工作簿${format.date1904 ? '（1904 日期系统）' : ''}`);
    lines.push(`工作表: ${(format.sheets ?? []).map((s) => (s === format.sheet ? `${s}（本次读取）` : s)).join('、')}`);
  }
  lines.push(`行数: ${sample.total}（非空 ${sample.nonBlank}）`);
  if (sample.problemCount) {
    lines.push(`读取问题: ${sample.problemCount} 行（运行时列入 rejected.csv）${sample.problemCount > LISTED_PROBLEMS ? `，前 ${LISTED_PROBLEMS} 行:` : ''}`);
    for (const p of sample.problems) lines.push(`  第${p.rowNumber}行: ${p.problem}`);
  }
  const specs = wanted ? [wanted] : TABLES;
  const complete = findHeader(sample.rows, specs, true);
  const found = complete.best ?? findHeader(sample.rows, specs, false).best;
  if (!found) {
    const need = wanted ? `（${wanted.title} 需要 ${new HeaderMatcher(wanted).describe(wanted.requiredColumns)}）` : '';
    lines.push(`表头: ${complete.duplicate ?? `前 ${HEADER_SEARCH_ROWS} 行中没有可识别的表头${need}`}`);
    return lines;
  }
  const { spec, map, missing } = found;
  const how = wanted ? '按 --table 指定' : '根据表头猜测';
  lines.push(`表头: 第 ${map.rowNumber} 行，按“${spec.title}”（${spec.name}）解读，${how}`);
  if (missing.length) lines.push(`  缺少必需的列: ${new HeaderMatcher(spec).describe(missing)}（运行时此文件会被拒绝）`);
  const header = sample.rows.find((r) => r.rowNumber === map.rowNumber)!;
  lines.push(...describeColumns(header.texts, map, spec));
  lines.push(...previewRows(sample.rows.filter((r) => r.rowNumber > map.rowNumber).slice(0, PREVIEW_ROWS), map, spec, format.date1904));
  return lines;
}

/**
 * The header the loader would find, for the table given or for the table whose header recognises most
 * columns. With `complete` false, a header lacking required columns is taken too (to say what is missing).
 */
function findHeader(rows: SampleRow[], specs: TableSpec[], complete: boolean): { best?: HeaderFound; duplicate?: string } {
  let best: HeaderFound | undefined;
  let duplicate: string | undefined;
  for (const spec of specs) {
    const matcher = new HeaderMatcher(complete ? spec : { ...spec, requiredColumns: [] });
    for (const row of rows) {
      if (row.rowNumber > HEADER_SEARCH_ROWS) break;
      const match = matcher.match(row.texts, row.rowNumber);
      if (match.kind === 'duplicate') {
        duplicate ??= `第 ${row.rowNumber} 行“${match.header}”重复出现（第 ${match.first} 列和第 ${match.second} 列），运行时此文件会被拒绝`;
        break;
      }
      if (match.kind !== 'header') continue;
      const { map } = match;
      const score = map.index.size + map.members.reduce((n, m) => n + m.index.size, 0);
      const missing = spec.requiredColumns.filter((anyOf) => !anyOf.some((c) => map.index.has(c)));
      if (!best || score > best.score) best = { spec, map, missing, score };
      break;
    }
  }
  return { best, duplicate };
}

function describeColumns(texts: string[], map: HeaderMap, spec: TableSpec): string[] {
  const lines = ['列:'];
  const unrecognised: string[] = [];
  texts.forEach((text, i) => {
    if (text.trim() === '') return;
    const field = spec.fields.find((f) => map.index.get(f.column) === i);
    const member = map.members.find((m) => [...m.index.values()].includes(i));
    let target: string;
    if (field) target = `${field.header}（${field.column}）`;
    else if (member) {
      const column = [...member.index].find(([, at]) => at === i)![0];
      target = `家庭成员${member.member} ${MEMBER_FIELDS.find((f) => f.column === column)!.header}（family.${column}）`;
    } else if (map.report.unused.includes(text.trim())) {
      target = '已知列，本表不用（不载入）';
    } else {
      // The header row's own report holds the nearest known header, as the run's warning names it.
      const near = map.report.unrecognised.find((u) => u.header === text.trim())?.nearest;
      target = `未识别${near ? `（最接近的已知表头：${near}）` : ''}`;
      unrecognised.push(text.trim());
    }
    lines.push(`  ${columnName(i)} ${text.trim()} → ${target}`);
  });
  if (unrecognised.length) lines.push(`未识别的列: ${unrecognised.join('、')}（运行时不载入）`);
  return lines;
}

function previewRows(rows: SampleRow[], map: HeaderMap, spec: TableSpec, date1904: boolean): string[] {
  if (rows.length === 0) return ['表头下没有数据行'];
  const lines = [`前 ${rows.length} 行数据（规范化后）:`];
  for (const row of rows) {
    const values: string[] = [];
    for (const field of spec.fields) {
      const col = map.index.get(field.column);
      if (col === undefined) continue;
      const stored: StoreValue[] = [];
      pushFieldValues(stored, field, row.texts[col], row.numeric[col] === true, { date1904 });
      values.push(`${field.header}=${stored[0] === null ? '（空）' : String(stored[0])}`);
    }
    lines.push(`  第${row.rowNumber}行: ${values.join('  ')}`);
  }
  return lines;
}
