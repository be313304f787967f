/**
 * A record is judged by a rule only on columns its own file has (contract, "Never silent"). A rule says
 * what it judges (`judges:` in its file); the runner drops its findings on records of files lacking that
 * (files_lacking in rules/prelude.sql) and counts those records as not judged, with the reason.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import { tableSpec, type InputName } from '../load/input-tables.js';
import { fieldColumns } from '../load/store-columns.js';
import type { Rule } from './rule-set.js';

/** Beside the stored columns: whether a registry file's pupils have family members given (prelude.sql). */
const FAMILY_MEMBERS = 'family_members';

/** The records of one file a rule did not judge, and the `judges` entries the file lacks. */
export interface UnjudgedFile {
  file: string;
  count: number;
  /** The `judges` entries the file lacks, as people read them (出生日期或身份证件号码). */
  missingHeaders: string[];
}

export interface NotJudged {
  count: number;
  /** 文件缺少列 …, naming the headers (null when every record was judged). */
  reason: string | null;
  files: UnjudgedFile[];
}

const sqlList = (entries: string[][]): string => `[${entries.map((e) => `[${e.map((c) => `'${c}'`).join(', ')}]`).join(', ')}]`;

/**
 * The `judges` columns its input's table has not, each with its place in the list ([i, j]: columns[i][j]);
 * checked when a rule file is read (rule-set.ts), so that a wrong name stops the run before its work
 * instead of leaving every file "lacking" the column.
 */
export function unknownJudgedColumns(judges: NonNullable<Rule['judges']>): { at: [number, number]; column: string }[] {
  const known = new Set([...tableSpec(judges.input).fields.flatMap(fieldColumns).map((c) => c.name), FAMILY_MEMBERS]);
  return judges.columns.flatMap((entry, i) => entry.flatMap((column, j) => (known.has(column) ? [] : [{ at: [i, j] as [number, number], column }])));
}

/**
 * The files_lacking call for a rule's `judges`. Its names are safe as SQL literals (the schema allows
 * [a-z0-9_] only) and were checked against the input's columns when the rule file was read.
 */
function lackingSql(rule: Rule): string | undefined {
  const judges = rule.judges;
  return judges ? `files_lacking('${judges.input}', ${sqlList(judges.columns)})` : undefined;
}

/** A WHERE clause for the rule's wrapper (findings aliased f), or '' for a rule without `judges`. */
export function judgedFilterSql(rule: Rule): string {
  const lacking = lackingSql(rule);
  return lacking ? `\nWHERE f.source_file NOT IN (SELECT source_file FROM ${lacking})` : '';
}

/** How many records of the rule's input were not judged, per file (no query for a rule without `judges`). */
export async function countNotJudged(connection: DuckDBConnection, rule: Rule): Promise<NotJudged> {
  const lacking = lackingSql(rule);
  if (!lacking) return { count: 0, reason: null, files: [] };
  const input = rule.judges!.input;
  const rows = (await connection.runAndReadAll(`
    SELECT l.source_file AS file, count(*)::INT AS count, l.missing FROM "${input}" r JOIN ${lacking} l USING (source_file)
    GROUP BY ALL ORDER BY file`)).getRowObjectsJson() as unknown as { file: string; count: number; missing: string[][] }[];
  const files = rows.map((r) => ({ file: r.file, count: r.count, missingHeaders: r.missing.map((e) => describeEntry(input, e)) }));
  const count = files.reduce((n, r) => n + r.count, 0);
  const entries = [...new Set(files.flatMap((r) => r.missingHeaders))];
  return { count, reason: count ? `文件缺少列 ${entries.join('、')}` : null, files };
}

/** One `judges` entry as people read it: 出生日期或身份证件号码. */
function describeEntry(input: InputName, entry: string[]): string {
  const spec = tableSpec(input);
  return entry.map((c) => (c === FAMILY_MEMBERS ? '家庭成员（成员N…列或家庭成员导出）' : spec.fields.find((f) => fieldColumns(f).some((s) => s.name === c))?.header ?? c)).join('或');
}
