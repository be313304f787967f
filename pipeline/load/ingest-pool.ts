/**
 * Ingest across worker threads: every input file is parsed by one of a few workers into a bulk-load
 * file; then DuckDB loads them (read_csv). Results are taken in the campaign's file order, so counts,
 * rejected.csv and row order do not depend on which worker finished first.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { bulkLoadSql } from './bulk-csv.js';
import type { DerivedColumns } from './id-facts.js';
import type { CsvWriter } from '../../reports/write/csv-writer.js';
import type { FileCounts, ProgressSink } from './ingest.js';
import type { IngestJob, IngestProgress, IngestResult } from './ingest-worker.js';
import { settleAll } from '../settle-all.js';
import { WorkerPool } from '../worker-pool.js';
import { tableSpec, type InputName, type TableSpec } from './input-tables.js';
import { SOURCE_COLUMNS_TABLE, rowColumns } from './store-columns.js';
import type { Store } from '../check/store.js';
import type { InputFile } from '../read/table-reader.js';

export interface IngestTotals {
  rows: { read: number; loaded: number; rejected: number };
  files: FileCounts[];
  /** Wall time of parsing (all workers), and of the bulk load after it. */
  seconds: { parse: number; load: number };
}

const WORKER = new URL('./ingest-worker.js', import.meta.url);

/** The parsing threads, one per core (at most 4); started early, they load their modules while the main thread opens the store. */
export function startIngestWorkers(): WorkerPool {
  return new WorkerPool(WORKER, Math.min(4, availableParallelism()));
}

/** Runs the jobs on the workers, largest files first, into `results` (by job id). */
async function runJobs(jobs: IngestJob[], workers: WorkerPool, results: Map<number, IngestResult>, onProgress?: ProgressSink): Promise<void> {
  const sizes = new Map(await Promise.all(jobs.map(async (j) => [j.id, (await stat(j.file.path).catch(() => ({ size: 0 }))).size] as const)));
  const largestFirst = [...jobs].sort((a, b) => sizes.get(b.id)! - sizes.get(a.id)! || a.id - b.id);
  await workers.run<IngestJob, IngestResult, IngestProgress>(largestFirst, (job, result) => {
    results.set(job.id, result);
  }, (p) => onProgress?.(p.file, p.rows));
}

/**
 * Loads every job's bulk files into DuckDB: per table, one statement over all its files in job order
 * (so each table's rows come in the campaign's file order), the tables at the same time. After all
 * parsing: loading batches while the workers parse measured 35 % more CPU on a city (each INSERT has a
 * fixed cost) and no shorter wall time, both cores being busy parsing anyway.
 */
async function bulkLoad(store: Store, jobs: IngestJob[], results: Map<number, IngestResult>, derived: Partial<Record<InputName, DerivedColumns>>): Promise<void> {
  const filesOf = new Map<InputName, string[]>();
  const add = (table: InputName, path: string) => filesOf.set(table, [...(filesOf.get(table) ?? []), path]);
  for (const job of jobs) {
    const r = results.get(job.id)!;
    if (r.loaded.counts.loaded) add(job.table, job.mainCsv);
    if (r.familyRows) add('family', job.familyCsv);
  }
  const sources = jobs.map((j) => j.file.display); // job ids are their index
  // Tables side by side, each on a connection of its own: one table's load did not keep both cores busy.
  await settleAll([...filesOf].map(([table, files]) => store.runApart(bulkLoadSql(table, rowColumns(tableSpec(table)), files, sources, derived[table]))));
}

/**
 * Parses every input file on `workers`, then loads the rows into the store once `storeReady` has it open
 * (with the columns `derived` computes for some tables, as the store was created with), and appends
 * the rejected rows to `rejected`, file by file in the campaign's order.
 */
export async function ingestAll(
  workers: WorkerPool,
  storeReady: Promise<Store>,
  inputs: Partial<Record<InputName, InputFile[]>>,
  tables: TableSpec[],
  derived: Partial<Record<InputName, DerivedColumns>>,
  loadDir: string,
  rejected: CsvWriter,
  onFile: (counts: FileCounts, seconds: number) => void,
  onProgress?: ProgressSink,
): Promise<IngestTotals> {
  await mkdir(loadDir, { recursive: true });
  const jobs: IngestJob[] = [];
  for (const spec of tables) {
    for (const file of inputs[spec.name] ?? []) {
      const id = jobs.length;
      jobs.push({ id, table: spec.name, file, mainCsv: join(loadDir, `${id}.csv`), familyCsv: join(loadDir, `${id}.family.csv`), rejectedCsv: join(loadDir, `${id}.rejected.csv`) });
    }
  }
  const started = performance.now();
  const results = new Map<number, IngestResult>();
  await runJobs(jobs, workers, results, onProgress);
  const parsed = performance.now();
  const store = await storeReady;
  await bulkLoad(store, jobs, results, derived);

  const totals: IngestTotals = { rows: { read: 0, loaded: 0, rejected: 0 }, files: [], seconds: { parse: (parsed - started) / 1000, load: 0 } };
  const sourceColumns = await store.appender('source_columns', SOURCE_COLUMNS_TABLE);
  for (const job of jobs) {
    const r = results.get(job.id)!;
    const counts = r.loaded.counts;
    if (counts.rejected) await rejected.appendPart(job.rejectedCsv);
    totals.files.push(counts);
    totals.rows.read += counts.read;
    totals.rows.loaded += counts.loaded;
    totals.rows.rejected += counts.rejected;
    for (const [table, column] of r.loaded.headerColumns) sourceColumns.append([table, job.file.display, column, job.table]);
    onFile(counts, r.seconds);
  }
  sourceColumns.close();
  await rm(loadDir, { recursive: true, force: true });
  totals.seconds.load = (performance.now() - parsed) / 1000;
  return totals;
}
