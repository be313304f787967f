/**
 * The main job, stage by stage: campaign → ingest → rules → follow-up → outputs → reports → publish. Each stage is a
 * function below with what it needs and what it makes in its signature; runCampaign only calls them in
 * order and cleans up when one fails. Output goes to a staging folder that publish moves in when complete
 * (output-publish.ts: file by file, over nothing but what xueji wrote).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadCampaign, type Campaign } from './campaign.js';
import { shownPath } from './shown-path.js';
import { CsvWriter } from '../reports/write/csv-writer.js';
import { writeContinuation, writeFindings } from './check/findings-output.js';
import { summariseHeadcount, type HeadcountSummary } from './check/headcount-summary.js';
import { summariseRoster, type RosterSummary } from './check/roster-summary.js';
import { ingestAll, startIngestWorkers, type IngestTotals } from './load/ingest-pool.js';
import { idFacts, type DerivedColumns } from './load/id-facts.js';
import { TABLES, type InputName } from './load/input-tables.js';
import { createLogger, type Logger } from './logger.js';
import { beginOutput, discardOutput, outDirProblem, publishOutput } from './output-dir.js';
import { CliError } from './cli-error.js';
import type { Progress } from './progress.js';
import { runRules, type RuleOutcome } from './check/rule-runner.js';
import { RULES_DIR, loadRuleSet, type RuleSet } from './check/rule-set.js';
import { linkSchoolCodes } from './check/school-links.js';
import { summariseIntake, type IntakeSummary } from './check/intake.js';
import { intakeWarnings } from './check/intake-warnings.js';
import { runFollowUp, type FollowUpFacts } from './follow/follow-up.js';
import { checkPreviousRun, type PreviousRun } from './follow/previous-run.js';
import { settleAll } from './settle-all.js';
import type { Store } from './check/store.js';
import type { WorkerPool } from './worker-pool.js';
import type { RunWarning } from './warnings.js';
import type { EarlyReports, ReportCounts } from '../reports/build-reports.js';

export interface RunOptions {
  campaignFile: string;
  outDir?: string;
  progress: Progress;
  /** Also keep the working database in the out dir as xueji.duckdb (`--store`). */
  keepStore?: boolean;
  /**
   * The ingest threads, when the caller started them before loading this module (startIngestWorkers:
   * they load their own modules meanwhile). runCampaign closes them whatever happens.
   */
  workers?: WorkerPool;
}

export interface RunResult {
  timings: StageTimings;
  campaign: Campaign;
  outDir: string;
  ingest: IngestTotals;
  rules: RuleOutcome[];
  findings: number;
  /** Also in summary.json; the CLI prints one line each. */
  warnings: RunWarning[];
}

export const STORE_FILE = 'xueji.duckdb';

/** Files every run writes at the top of the out dir: one there that is not xueji's stops the run before its work. */
const ALWAYS_WRITTEN = ['findings.csv', 'summary.json', 'rejected.csv', 'run.log'];

/**
 * DuckDB uses every core (at most 4): the rules ran about 1.3x faster on 2 cores (county, 1.9 → 1.5 s).
 * The price is that xueji.duckdb's bytes may differ between two runs on the same input (its contents
 * do not); every other output is byte-for-byte reproducible.
 */
const DUCKDB_THREADS = Math.min(4, availableParallelism());

/**
 * DuckDB's share of the 2 GiB a city run may use (the JS side needs a few hundred MB more). The working
 * database lives in memory unless --store asks for the file; beyond this limit it spills to the temp
 * directory in the staging dir, so a province-size run slows down instead of dying: a city (about 1.1 GB
 * of tables) completed with 400MB in 0.85 GiB, and ran with 800MB in 1.2–1.25 GiB, but 0.5–1 s slower
 * than with 1200MB (1.5–1.65 GiB) in two of three interleaved pairs. Loading a city into a database
 * file cost 25 CPU-seconds against 10 in memory (compressing every column as it is written), which is
 * why the file is only written when asked for.
 */
const DUCKDB_MEMORY_LIMIT = '1200MB';

/** Seconds per stage; written only where XUEJI_TIMINGS points (the benchmark), never into the out dir. */
export interface StageTimings {
  ingest: number;
  /** Parts of ingest: parsing in the workers, then the bulk load into DuckDB. */
  ingest_parse?: number;
  ingest_load?: number;
  rules: number;
  prelude?: number;
  /** Parts of rules: the prelude, each rule's SQL, and writing findings.csv/.parquet and continuation.csv. */
  rule_seconds?: Record<string, number>;
  findings_output?: number;
  reports: number;
  total: number;
}

/** What every stage after the campaign shares: where it writes, what it tells the user and the log. */
interface RunContext {
  campaign: Campaign;
  staging: string;
  log: Logger;
  progress: Progress;
  timings: StageTimings;
  /** Every stage adds what a person should know (summary.json `warnings`). */
  warnings: RunWarning[];
}

type ReportModule = typeof import('../reports/build-reports.js');

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

export async function runCampaign(options: RunOptions): Promise<RunResult> {
  const runStarted = performance.now();
  // Parsing starts as soon as the campaign is read, on threads started first (by the CLI, or here).
  const workers = options.workers ?? startIngestWorkers();
  let setup: CampaignSetup;
  try {
    setup = await campaignStage(options);
  } catch (e) {
    await workers.close();
    throw e;
  }
  const { campaign, ruleSet, outDir, staging, previous } = setup;
  const run: RunContext = { campaign, staging, log: createLogger(join(staging, 'run.log')), progress: options.progress, timings: { ingest: 0, rules: 0, reports: 0, total: 0 }, warnings: [...campaign.warnings] };
  const derived = { registry: idFacts(campaign.as_of) };
  // DuckDB's binding loads and the store opens on this thread while the workers parse.
  const storeReady = openStore(staging, Boolean(options.keepStore), derived);
  storeReady.catch(() => {}); // a failure is met where the store is awaited
  let store: Store | undefined;
  try {
    run.log.info({ stage: 'campaign', school_year: campaign.school_year, rules: ruleSet.rules.length, inputs: Object.fromEntries(Object.entries(campaign.inputs).map(([k, v]) => [k, v?.length ?? 0])) }, 'campaign loaded');
    const reportModule = preloadReports();
    const ingest = await ingestStage(run, workers, storeReady, derived);
    store = await storeReady;
    const inputs = new Set(Object.keys(campaign.inputs));
    const rulesStarted = performance.now();
    const rules = await rulesStage(run, store, ruleSet, inputs);
    // What was received, from the store once the rules' prelude made its views (summary.json warnings, index.html).
    const intake = await summariseIntake(store, ingest.files);
    run.warnings.push(...intakeWarnings(intake, rules));
    const followUp = await followUpStage(run, store, previous);
    const { buildReports, startEarlyReports, stopEarlyReports } = await reportModule;
    // The fix-lists' rows are queried, their threads start and findings.xlsx is built while findings.csv is written.
    const early = startEarlyReports(store, staging, { creator: bureauOf(campaign), date: campaign.as_of });
    let findings: number;
    let headcount: HeadcountSummary | null;
    let roster: RosterSummary | null;
    try {
      findings = await outputsStage(run, store, rules, inputs, rulesStarted);
      ({ headcount, roster } = await reportsStage(run, store, ruleSet, rules, inputs, buildReports, early, { intake, followUp }));
    } finally {
      await stopEarlyReports(early);
    }
    await writeSummary(staging, campaign, ingest, rules, headcount, followUp?.summary ?? null, run.warnings, roster);
    store.close();
    store = undefined;
    await publishStage(run, outDir);
    run.timings.total = (performance.now() - runStarted) / 1000;
    if (process.env.XUEJI_TIMINGS) await writeFile(process.env.XUEJI_TIMINGS, JSON.stringify(run.timings));
    return { timings: run.timings, campaign, outDir, ingest, rules, findings, warnings: run.warnings };
  } catch (e) {
    await workers.close();
    (store ?? (await storeReady.catch(() => undefined)))?.close();
    await discardOutput(staging);
    throw e;
  }
}

interface CampaignSetup {
  campaign: Campaign;
  ruleSet: RuleSet;
  outDir: string;
  staging: string;
  /** The previous campaign's out dir (`previous:`), checked here so that a wrong one stops the run at once. */
  previous: PreviousRun | null;
}

/** Campaign: the campaign file, its rule set, the previous run's out dir, and the out dir's staging folder. */
async function campaignStage(options: RunOptions): Promise<CampaignSetup> {
  const campaign = await loadCampaign(options.campaignFile);
  const ruleSet = await loadRuleSet({ dir: campaign.dir, campaign: campaign.source, extraRuleGlobs: campaign.rules, disable: campaign.disable, thresholds: campaign.thresholds, ruleBasis: campaign.rule_basis });
  const outDir = resolve(options.outDir ?? resolve(campaign.dir, campaign.out ?? 'out'));
  const problem = outDirProblem(outDir, campaign);
  if (problem) throw new CliError(options.outDir ? `--out ${options.outDir}: ${problem}` : campaign.out ? `${campaign.source.fileName}: ${campaign.source.at({ path: ['out'], message: problem })}` : problem);
  const previous = campaign.previous === undefined ? null : await checkPreviousRun(campaign.previous, campaign.dir, basename(campaign.file));
  const { staging, kept } = await beginOutput(outDir, ALWAYS_WRITTEN);
  reportKept(options.progress, outDir, kept);
  return { campaign, ruleSet, outDir, staging, previous };
}

/** The report modules (templates, Handlebars) load while the files are parsed, not before. */
function preloadReports(): Promise<ReportModule> {
  const module = import('../reports/build-reports.js');
  module.catch(() => {}); // met where it is awaited
  return module;
}

/** Ingest: every input file parsed on the workers and bulk-loaded into the store; rejected rows to rejected.csv. */
async function ingestStage(run: RunContext, workers: WorkerPool, storeReady: Promise<Store>, derived: Partial<Record<InputName, DerivedColumns>>): Promise<IngestTotals> {
  const { log, progress, staging, timings } = run;
  const started = performance.now();
  const rejected = new CsvWriter(join(staging, 'rejected.csv'), ['file', 'row', 'table', 'reason']);
  let ingest: IngestTotals;
  try {
    ingest = await ingestAll(workers, storeReady, run.campaign.inputs, TABLES, derived, join(staging, 'load'), rejected, (counts, took) => {
      log.info({ stage: 'ingest', ...counts }, 'file loaded');
      progress.done(`读取 ${counts.file}: ${counts.loaded} 行已载入${counts.rejected ? `，${counts.rejected} 行被拒` : ''} (${took.toFixed(1)} s)`);
    }, (file, rows) => progress.update(`读取 ${file}: ${rows.toLocaleString('en-US')} 行…`));
  } finally {
    await workers.close();
  }
  const store = await storeReady;
  await rejected.close();
  await linkSchoolCodes(store);
  timings.ingest = (performance.now() - started) / 1000;
  timings.ingest_parse = ingest.seconds.parse;
  timings.ingest_load = ingest.seconds.load;
  progress.done(`读取: ${ingest.files.length} 个文件，${ingest.rows.loaded} 行载入 (${seconds(started)} s)`);
  log.info({ stage: 'ingest', ...ingest.rows }, 'ingest done');
  return ingest;
}

/** Rules: every rule's SQL appends its findings to the store; the SQL each ran goes to rules/. */
async function rulesStage(run: RunContext, store: Store, ruleSet: RuleSet, inputs: Set<string>): Promise<RuleOutcome[]> {
  const ruleTimings = { prelude: 0 };
  const rules = await runRules(store, ruleSet, { asOf: run.campaign.as_of, schoolYear: run.campaign.school_year, inputs }, join(run.staging, 'rules'), DUCKDB_THREADS, ruleTimings);
  run.timings.prelude = ruleTimings.prelude;
  for (const r of rules) run.log.info({ stage: 'rules', rule: r.code, status: r.status, findings: r.findings, reason: r.reason }, 'rule done');
  return rules;
}

/** Follow-up: each finding's follow_up against the previous run, the returned fix-lists matched, resolved.csv and returns_problems.csv. */
async function followUpStage(run: RunContext, store: Store, previous: PreviousRun | null): Promise<FollowUpFacts | null> {
  const started = performance.now();
  const { facts, rowsWithoutId } = await runFollowUp(store, previous, run.campaign.returns, run.staging, basename(run.campaign.file));
  if (!facts) return null;
  const s = facts.summary;
  run.log.info({ stage: 'follow_up', ...s.answers, previous: s.previous, new: s.new, persisting: s.persisting, false_claims: s.false_claims, relapsed: s.relapsed, resolved: s.resolved, returns: s.returns, rows_without_id: rowsWithoutId }, 'follow-up done');
  const returns = s.returns.files ? `；整改清单回执 ${s.returns.files} 个文件 ${s.returns.rows} 行，${s.returns.problems} 处问题见 returns_problems.csv${rowsWithoutId ? `（另有 ${rowsWithoutId} 行没有问题编号，未读取）` : ''}` : '';
  const past = previous ? `上次问题 ${s.previous} 条，已整改 ${s.resolved} 条，整改不实 ${s.false_claims} 条，反弹 ${s.relapsed} 条，新增 ${s.new} 条` : '没有上次核查（previous:），回执与本次问题比对';
  run.progress.done(`整改跟踪: ${past}${returns} (${seconds(started)} s)`);
  return facts;
}

/** Outputs: findings.csv/.parquet and continuation.csv, side by side, each on a connection of its own. Returns the findings' count. */
async function outputsStage(run: RunContext, store: Store, rules: RuleOutcome[], inputs: Set<string>, rulesStarted: number): Promise<number> {
  const { staging, timings } = run;
  const started = performance.now();
  const findingsWritten = writeFindings(store, staging);
  const continuationWritten = writeContinuation(store, staging, inputs.has('new_students') && inputs.has('preschool'));
  await settleAll<unknown>([findingsWritten, continuationWritten]);
  const findings = await findingsWritten;
  timings.rule_seconds = Object.fromEntries(rules.filter((r) => r.seconds !== undefined).map((r) => [r.code, r.seconds!]));
  timings.findings_output = (performance.now() - started) / 1000;
  timings.rules = (performance.now() - rulesStarted) / 1000;
  run.progress.done(`规则: ${rules.filter((r) => r.status !== 'skipped').length} 条已运行，${rules.filter((r) => r.status === 'skipped').length} 条跳过，共 ${findings} 条问题 (${seconds(rulesStarted)} s)`);
  return findings;
}

/** Reports: the circular, its attachments, the overview, the district summaries and (on the early threads) the fix-lists. */
async function reportsStage(run: RunContext, store: Store, ruleSet: RuleSet, rules: RuleOutcome[], inputs: Set<string>, buildReports: ReportModule['buildReports'], early: EarlyReports, found: { intake: IntakeSummary; followUp: FollowUpFacts | null }): Promise<{ headcount: HeadcountSummary | null; roster: RosterSummary | null; reports: ReportCounts }> {
  const { campaign, progress } = run;
  const started = performance.now();
  const headcount = inputs.has('headcounts') ? await summariseHeadcount(store) : null;
  const roster = inputs.has('roster') ? await summariseRoster(store) : null;
  const threshold = ruleSet.rules.find((r) => 'headcount_gap_ratio' in r.values)?.values.headcount_gap_ratio ?? 0.02;
  const reports = await buildReports(store, early, run.staging, {
    name: campaign.name, county: campaign.county ?? '', bureau: bureauOf(campaign),
    asOf: campaign.as_of, deadline: campaign.deadline, schoolYear: campaign.school_year, document: campaign.document,
  }, rules, headcount, threshold, (text) => progress.update(text), { intake: { summary: found.intake, warnings: run.warnings }, roster, followUp: found.followUp });
  run.timings.reports = (performance.now() - started) / 1000;
  progress.done(`报告: 通报、附件、${reports.districts} 个学区汇总、${reports.fixLists} 份整改清单 (${seconds(started)} s)`);
  return { headcount, roster, reports };
}

/** summary.json: the run's counts, per rule, per file, the head-count comparison, the follow-up and the roster's (人籍核对). */
async function writeSummary(staging: string, campaign: Campaign, ingest: IngestTotals, rules: RuleOutcome[], headcount: HeadcountSummary | null, followUp: FollowUpFacts['summary'] | null, warnings: RunWarning[], roster: RosterSummary | null): Promise<void> {
  const summary = {
    campaign: campaign.name,
    school_year: campaign.school_year,
    as_of: campaign.as_of,
    rows: ingest.rows,
    by_rule: Object.fromEntries(rules.map((r) => [r.code, r.findings]).sort()),
    rules_skipped: Object.fromEntries(rules.filter((r) => r.status === 'skipped').map((r) => [r.code, r.reason])),
    rules: rules.map(({ code, title, family, severity, status, findings: n, notJudged }) => ({ code, title, family, severity, status, findings: n, not_judged: { count: notJudged?.count ?? 0, reason: notJudged?.reason ?? null } })),
    headcount,
    follow_up: followUp,
    roster,
    files: ingest.files,
    warnings,
  };
  await writeFile(join(staging, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
}

/**
 * Publish: the staging folder's files moved into the out dir (the store must be closed first). What an
 * earlier run wrote and someone changed since (a filled-in fix-list) is kept under a name that says so,
 * one terminal line each. A store file left by an earlier --store run goes with that run's other files.
 */
async function publishStage(run: RunContext, outDir: string): Promise<void> {
  run.log.flush();
  const { kept } = await publishOutput(outDir, run.staging);
  reportKept(run.progress, outDir, kept);
}

/** One terminal line per changed file kept: where it was, and where it lies now. */
function reportKept(progress: Progress, outDir: string, kept: { path: string; to: string }[]): void {
  const show = (path: string) => shownPath(join(outDir, ...path.split('/')), process.cwd());
  for (const { path, to } of kept) progress.done(`保留: ${show(path)} 在上次运行后被改动过，没有覆盖，现在是 ${show(to)}`);
}

/** The issuing body: the campaign's `bureau`, else the county's 教育局 (contract, "Campaign file: more keys"). */
const bureauOf = (campaign: Campaign): string => campaign.bureau || `${campaign.county ?? ''}教育局`;

/** The working database: in memory, or the store file with --store. DuckDB's binding is loaded here, not at start-up. */
async function openStore(staging: string, keepStore: boolean, derived: Partial<Record<InputName, DerivedColumns>>): Promise<Store> {
  const { Store } = await import('./check/store.js');
  const store = await Store.open(keepStore ? join(staging, STORE_FILE) : ':memory:', { tempDirectory: join(staging, 'duckdb-tmp'), memoryLimit: DUCKDB_MEMORY_LIMIT, threads: DUCKDB_THREADS });
  await store.run(await readFile(join(RULES_DIR, 'macros.sql'), 'utf8')); // the derived columns' expressions use them
  await store.createInputTables(derived);
  return store;
}
