/**
 * Runs every rule the same way: its SQL selects the failing rows; one wrapper adds rule, severity,
 * 学区 and school name and appends them to `findings`. A rule whose input is absent is skipped, not
 * failed. The compiled SQL of each rule is written out for people to read.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RULE_OUTPUT_COLUMNS } from '../../rules/rule-schema.js';
import { CliError } from '../cli-error.js';
import { settleAll } from '../settle-all.js';
import { RULES_DIR, type Rule, type RuleSet } from './rule-set.js';
import { countNotJudged, judgedFilterSql, type NotJudged } from './judged-files.js';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Store } from './store.js';

export type RuleStatus = 'pass' | 'fail' | 'skipped';

export interface RuleOutcome {
  code: string;
  title: string;
  family: string;
  severity: string;
  /** Inputs the rule reads (reports tell head-count rules from the others by this). */
  requires: string[];
  /** What a school's fix-list shows: the requirement, its basis, and whether the full ID number is needed. */
  fix: string;
  basis: string;
  showId: boolean;
  status: RuleStatus;
  findings: number;
  /** Why a rule was skipped. */
  reason?: string;
  /** Records of files lacking a column the rule judges (its `judges:`), per file, with the reason. */
  notJudged?: NotJudged;
  /** How long its SQL ran (for the log; never in an output, which must not vary between runs). */
  seconds?: number;
}

export interface RuleContext {
  asOf: string;
  schoolYear: number;
  /** Inputs the campaign gave. */
  inputs: Set<string>;
}

export const FINDINGS_TABLE = `CREATE OR REPLACE TABLE findings (
  rule VARCHAR, severity VARCHAR, district VARCHAR, school_code VARCHAR, school_name VARCHAR, grade INTEGER,
  student_key VARCHAR, student_name VARCHAR, detail VARCHAR, source_file VARCHAR, source_row INTEGER, title VARCHAR,
  finding_id VARCHAR, follow_up VARCHAR)`;

/**
 * The contract's finding_id: the first 12 hex characters of SHA-256 over \`rule|student_key\` (student level)
 * or \`rule|school_code|grade\` (group level, grade empty when none). The same problem has the same id in
 * every campaign, which is what lets returned fix-lists and the next campaign find it again.
 */
function findingIdSql(rule: Rule, studentKey: string, schoolCode: string, grade: string): string {
  const key = rule.level === 'group'
    ? `'${rule.code}|' || coalesce(${schoolCode}, '') || '|' || coalesce(CAST(${grade} AS VARCHAR), '')`
    : `'${rule.code}|' || coalesce(${studentKey}, '')`;
  return `left(sha256(${key}), 12)`;
}

/** The wrapper every rule gets. Literals are safe: code and severity are checked by the rule schema. */
export function compileRule(rule: Rule): string {
  const body = rule.sql.trim().replace(/;+\s*$/, '');
  // Columns by name, so a rule missing one fails with DuckDB naming it.
  const [studentKey, studentName, schoolCode, schoolName, grade, detail, sourceFile, sourceRow] = RULE_OUTPUT_COLUMNS.map((c) => `f.${c}`);
  return `INSERT INTO findings
SELECT '${rule.code}' AS rule, '${rule.severity}' AS severity, sc.district, ${schoolCode}, coalesce(${schoolName}, sc.school_name),
       ${grade}, ${studentKey}, ${studentName}, ${detail}, ${sourceFile}, ${sourceRow},
       '${rule.title.replace(/'/g, "''")}' AS title,
       ${findingIdSql(rule, studentKey, schoolCode, grade)} AS finding_id, NULL AS follow_up
FROM (
${body}
) f
LEFT JOIN school sc ON sc.school_code = f.school_code${judgedFilterSql(rule)}`;
}

/** Only what a DuckDB message says about the SQL, never a quoted value from the data. */
function sqlProblem(e: unknown): string {
  const first = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return first.replace(/'[^']*'/g, '…').slice(0, 300);
}

/** Shared SQL run before the rules, the files side by side: none may use another's macros, views or tables. */
const PRELUDE_FILES = ['prelude.sql', 'prelude-continuation.sql', 'prelude-roster.sql'];

export interface RuleTimings {
  /** The prelude's views and shared tables. */
  prelude: number;
}

/**
 * Runs the prelude, then the rules side by side on `parallel` connections (each rule is one INSERT into
 * findings; appends from several connections do not conflict, and every reader of findings orders its
 * rows itself). Outcomes come back in rule order whichever connection ran a rule.
 */
export async function runRules(store: Store, ruleSet: RuleSet, context: RuleContext, compiledDir: string, parallel = 1, timings?: RuleTimings): Promise<RuleOutcome[]> {
  const connections = [store.connection];
  for (let i = 1; i < parallel; i++) connections.push(await store.connect());
  try {
    // Variables belong to a connection: each gets them all.
    for (const connection of connections) await setVariables(connection, ruleSet, context);
    const started = performance.now();
    // The prelude's files build independent tables: side by side, one file per connection in turn.
    await settleAll(connections.map(async (connection, i) => {
      for (const file of PRELUDE_FILES.filter((_, k) => k % connections.length === i)) await connection.run(await readFile(join(RULES_DIR, file), 'utf8'));
    }));
    await store.run(FINDINGS_TABLE);
    if (timings) timings.prelude = (performance.now() - started) / 1000;
    await mkdir(compiledDir, { recursive: true });

    const outcomes: RuleOutcome[] = new Array(ruleSet.rules.length);
    let next = 0;
    let failed = false;
    await settleAll(connections.map(async (connection) => {
      while (!failed && next < ruleSet.rules.length) {
        const index = next++;
        try {
          outcomes[index] = await runRule(connection, ruleSet.rules[index], context, compiledDir);
        } catch (e) {
          failed = true;
          throw e;
        }
      }
    }));
    for (const rule of ruleSet.disabled) {
      outcomes.push({ code: rule.code, title: rule.title, family: rule.family, severity: rule.severity, requires: rule.requires, fix: rule.fix, basis: rule.basis, showId: rule.show_id, status: 'skipped', findings: 0, reason: '活动配置 disable 中停用' });
    }
    return outcomes;
  } finally {
    for (const connection of connections.slice(1)) connection.closeSync();
  }
}

async function setVariables(connection: DuckDBConnection, ruleSet: RuleSet, context: RuleContext): Promise<void> {
  const set = (name: string, sqlValue: string) => connection.run(`SET VARIABLE ${name} = ${sqlValue}`);
  await set('as_of', `DATE '${context.asOf}'`);
  await set('school_year', `${Math.trunc(context.schoolYear)}::INTEGER`);
  for (const rule of ruleSet.rules) {
    for (const [name, value] of Object.entries(rule.values)) await set(name, `${Number(value)}::DOUBLE`);
  }
}

async function runRule(connection: DuckDBConnection, rule: Rule, context: RuleContext, compiledDir: string): Promise<RuleOutcome> {
  const base = { code: rule.code, title: rule.title, family: rule.family, severity: rule.severity, requires: rule.requires, fix: rule.fix, basis: rule.basis, showId: rule.show_id };
  const missing = rule.requires.filter((input) => !context.inputs.has(input));
  if (missing.length) return { ...base, status: 'skipped', findings: 0, reason: `活动配置中没有输入 ${missing.join('、')}` };
  const sql = compileRule(rule);
  await writeFile(join(compiledDir, `${rule.code}.sql`), `-- ${rule.file}: ${rule.title}\n${sql};\n`);
  const started = performance.now();
  let count: number;
  try {
    count = Number((await connection.run(sql)).rowsChanged);
  } catch (e) {
    throw new CliError(`${rule.file}: sql: 执行失败：${sqlProblem(e)}`);
  }
  const seconds = (performance.now() - started) / 1000;
  return { ...base, status: count > 0 ? 'fail' : 'pass', findings: count, notJudged: await countNotJudged(connection, rule), seconds };
}
