/** The main job: campaign → ingest → rules → findings and summary → outputs swapped into the out dir. */
import { readFile, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCampaign, type Campaign } from './campaign.js';
import { CsvWriter } from './csv-writer.js';
import { writeContinuation, writeFindings } from './findings-output.js';
import { summariseHeadcount, type HeadcountSummary } from './headcount-summary.js';
import { ingestAll, startIngestWorkers, type IngestTotals } from './ingest-pool.js';
import { idFacts, type DerivedColumns } from './id-facts.js';
import { TABLES, type InputName } from './input-tables.js';
import { createLogger } from './logger.js';
import { beginOutput, discardOutput, publishOutput } from './output-dir.js';
import type { Progress } from './progress.js';
import { runRules, type RuleOutcome } from './rule-runner.js';
import { RULES_DIR, loadRuleSet, type RuleSet } from './rule-set.js';
import { linkSchoolCodes } from './school-links.js';
import { settleAll } from './settle-all.js';
import type { Store } from './store.js';
import type { WorkerPool } from './worker-pool.js';
import type { ReportCounts } from '../reports/build-reports.js';

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
}

export const STORE_FILE = 'xueji.duckdb';

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

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

export async function runCampaign(options: RunOptions): Promise<RunResult> {
  const runStarted = performance.now();
  // Parsing starts as soon as the campaign is read, on threads started first; meanwhile this thread
  // loads DuckDB and opens the store.
  const workers = options.workers ?? startIngestWorkers();
  let campaign: Campaign;
  let ruleSet: RuleSet;
  let outDir: string;
  let staging: string;
  try {
    campaign = await loadCampaign(options.campaignFile);
    ruleSet = await loadRuleSet({ dir: campaign.dir, campaignFile: campaign.file, extraRuleGlobs: campaign.rules, disable: campaign.disable, thresholds: campaign.thresholds });
    outDir = resolve(options.outDir ?? resolve(campaign.dir, campaign.out ?? 'out'));
    staging = await beginOutput(outDir);
  } catch (e) {
    await workers.close();
    throw e;
  }
  const log = createLogger(join(staging, 'run.log'));
  const { progress } = options;
  const timings: StageTimings = { ingest: 0, rules: 0, reports: 0, total: 0 };
  let store: Store | undefined;
  let storeReady: Promise<Store> | undefined;
  const derived = { registry: idFacts(campaign.as_of) };
  try {
    log.info({ stage: 'campaign', school_year: campaign.school_year, rules: ruleSet.rules.length, inputs: Object.fromEntries(Object.entries(campaign.inputs).map(([k, v]) => [k, v?.length ?? 0])) }, 'campaign loaded');
    storeReady = openStore(staging, Boolean(options.keepStore), derived);
    storeReady.catch(() => {}); // a failure is met where the store is awaited
    // The report modules (templates, Handlebars) load while the files are parsed, not before.
    const reportsModule = import('../reports/build-reports.js');
    reportsModule.catch(() => {});

    let started = performance.now();
    const rejected = new CsvWriter(join(staging, 'rejected.csv'), ['file', 'row', 'table', 'reason']);
    let ingest: IngestTotals;
    try {
      ingest = await ingestAll(workers, storeReady, campaign.inputs, TABLES, derived, join(staging, 'load'), rejected, (counts, took) => {
        log.info({ stage: 'ingest', ...counts }, 'file loaded');
        progress.done(`读取 ${counts.file}: ${counts.loaded} 行已载入${counts.rejected ? `，${counts.rejected} 行被拒` : ''} (${took.toFixed(1)} s)`);
      }, (file, rows) => progress.update(`读取 ${file}: ${rows.toLocaleString('en-US')} 行…`));
    } finally {
      await workers.close();
    }
    store = await storeReady;
    await rejected.close();
    await linkSchoolCodes(store);
    timings.ingest = (performance.now() - started) / 1000;
    timings.ingest_parse = ingest.seconds.parse;
    timings.ingest_load = ingest.seconds.load;
    progress.done(`读取: ${ingest.files.length} 个文件，${ingest.rows.loaded} 行载入 (${seconds(started)} s)`);
    log.info({ stage: 'ingest', ...ingest.rows }, 'ingest done');

    started = performance.now();
    const inputs = new Set(Object.keys(campaign.inputs));
    const ruleTimings = { prelude: 0 };
    const rules = await runRules(store, ruleSet, { asOf: campaign.as_of, schoolYear: campaign.school_year, inputs }, join(staging, 'rules'), DUCKDB_THREADS, ruleTimings);
    timings.prelude = ruleTimings.prelude;
    for (const r of rules) log.info({ stage: 'rules', rule: r.code, status: r.status, findings: r.findings, reason: r.reason }, 'rule done');
    const written = performance.now();
    // The fix-lists' rows are queried, and their threads start, while findings.csv is written.
    const { buildReports, startFixLists, stopFixLists } = await reportsModule;
    const fixLists = startFixLists(store);
    let findings: number;
    let reports: ReportCounts;
    let headcount: HeadcountSummary | null;
    try {
      // Side by side, each on a connection of its own.
      const findingsWritten = writeFindings(store, staging);
      const continuationWritten = writeContinuation(store, staging, inputs.has('new_students') && inputs.has('preschool'));
      await settleAll<unknown>([findingsWritten, continuationWritten]);
      findings = await findingsWritten;
      timings.rule_seconds = Object.fromEntries(rules.filter((r) => r.seconds !== undefined).map((r) => [r.code, r.seconds!]));
      timings.findings_output = (performance.now() - written) / 1000;
      timings.rules = (performance.now() - started) / 1000;
      progress.done(`规则: ${rules.filter((r) => r.status !== 'skipped').length} 条已运行，${rules.filter((r) => r.status === 'skipped').length} 条跳过，共 ${findings} 条问题 (${seconds(started)} s)`);

      started = performance.now();
      headcount = inputs.has('headcounts') ? await summariseHeadcount(store) : null;
      const threshold = ruleSet.rules.find((r) => 'headcount_gap_ratio' in r.values)?.values.headcount_gap_ratio ?? 0.02;
      reports = await buildReports(store, fixLists, staging, {
        name: campaign.name, county: campaign.county ?? '', bureau: campaign.bureau ?? `${campaign.county ?? ''}教育局`,
        asOf: campaign.as_of, deadline: campaign.deadline, schoolYear: campaign.school_year,
      }, rules, headcount, threshold, (text) => progress.update(text));
      timings.reports = (performance.now() - started) / 1000;
    } finally {
      await stopFixLists(fixLists);
    }
    progress.done(`报告: 通报、附件、${reports.districts} 个学区汇总、${reports.fixLists} 份整改清单 (${seconds(started)} s)`);

    const summary = {
      campaign: campaign.name,
      school_year: campaign.school_year,
      as_of: campaign.as_of,
      rows: ingest.rows,
      by_rule: Object.fromEntries(rules.map((r) => [r.code, r.findings]).sort()),
      rules_skipped: Object.fromEntries(rules.filter((r) => r.status === 'skipped').map((r) => [r.code, r.reason])),
      rules: rules.map(({ code, title, family, severity, status, findings: n }) => ({ code, title, family, severity, status, findings: n })),
      headcount,
      files: ingest.files,
    };
    await writeFile(join(staging, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    store.close();
    store = undefined;
    log.flush();
    // A store file left by an earlier --store run would no longer match the findings beside it.
    await publishOutput(outDir, staging, [STORE_FILE, `${STORE_FILE}.wal`]);
    timings.total = (performance.now() - runStarted) / 1000;
    if (process.env.XUEJI_TIMINGS) await writeFile(process.env.XUEJI_TIMINGS, JSON.stringify(timings));
    return { timings, campaign, outDir, ingest, rules, findings };
  } catch (e) {
    await workers.close();
    (store ?? (await storeReady?.catch(() => undefined)))?.close();
    await discardOutput(staging);
    throw e;
  }
}

/** The working database: in memory, or the store file with --store. DuckDB's binding is loaded here, not at start-up. */
async function openStore(staging: string, keepStore: boolean, derived: Partial<Record<InputName, DerivedColumns>>): Promise<Store> {
  const { Store } = await import('./store.js');
  const store = await Store.open(keepStore ? join(staging, STORE_FILE) : ':memory:', { tempDirectory: join(staging, 'duckdb-tmp'), memoryLimit: DUCKDB_MEMORY_LIMIT, threads: DUCKDB_THREADS });
  await store.run(await readFile(join(RULES_DIR, 'macros.sql'), 'utf8')); // the derived columns' expressions use them
  await store.createInputTables(derived);
  return store;
}
