/**
 * Ingest across worker threads: every input file is parsed by one of a few workers into a bulk-load
 * file, which DuckDB loads (read_csv) while the workers go on with the next files. Results are taken
 * in the campaign's file order, so counts, rejected.csv and row order do not depend on which worker
 * finished first.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { bulkLoadSql } from './bulk-csv.js';
import type { FileCounts, ProgressSink, RejectSink } from './ingest.js';
import type { IngestJob, IngestProgress, IngestResult } from './ingest-worker.js';
import { runPool } from './worker-pool.js';
import { tableSpec, type InputName, type TableSpec } from './input-tables.js';
import { SOURCE_COLUMNS_TABLE, rowColumns } from './store-columns.js';
import type { Store } from './store.js';
import type { InputFile } from './table-reader.js';

export interface IngestTotals {
  rows: { read: number; loaded: number; rejected: number };
  files: FileCounts[];
  /** Wall time of parsing (all workers; the bulk load overlaps it), and of the load left after it. */
  seconds: { parse: number; load: number };
}

const WORKER = new URL('./ingest-worker.js', import.meta.url);

/** Runs the jobs on `threads` workers, largest files first, into `results` (by job id); calls onDone after each. */
async function runJobs(jobs: IngestJob[], threads: number, results: Map<number, IngestResult>, onDone: () => void, onProgress?: ProgressSink): Promise<void> {
  const sizes = new Map(await Promise.all(jobs.map(async (j) => [j.id, (await stat(j.file.path).catch(() => ({ size: 0 }))).size] as const)));
  const largestFirst = [...jobs].sort((a, b) => sizes.get(b.id)! - sizes.get(a.id)! || a.id - b.id);
  await runPool<IngestJob, IngestResult, IngestProgress>(WORKER, largestFirst, threads, (job, result) => {
    results.set(job.id, result);
    onDone();
  }, (p) => onProgress?.(p.file, p.rows));
}

/**
 * Loads finished jobs' bulk files into DuckDB while later files are still being parsed, always in job
 * order (so each table's rows come in the campaign's file order): every time a job finishes, the run
 * of finished jobs from the cursor on is loaded, one statement per table.
 */
class OrderedBulkLoad {
  private next = 0;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly jobs: IngestJob[],
    private readonly results: Map<number, IngestResult>,
  ) {}

  advance(): void {
    const batch: IngestJob[] = [];
    while (this.next < this.jobs.length && this.results.has(this.jobs[this.next].id)) batch.push(this.jobs[this.next++]);
    if (!batch.length) return;
    this.chain = this.chain.then(() => this.load(batch));
    this.chain.catch(() => {}); // seen by finished(); not an unhandled rejection meanwhile
  }

  finished(): Promise<void> {
    return this.chain;
  }

  private async load(batch: IngestJob[]): Promise<void> {
    const filesOf = new Map<InputName, string[]>();
    const add = (table: InputName, path: string) => filesOf.set(table, [...(filesOf.get(table) ?? []), path]);
    for (const job of batch) {
      const r = this.results.get(job.id)!;
      if (r.loaded.counts.loaded) add(job.table, job.mainCsv);
      if (r.familyRows) add('family', job.familyCsv);
    }
    const sources = this.jobs.map((j) => j.file.display); // job ids are their index
    for (const [table, files] of filesOf) await this.store.run(bulkLoadSql(table, rowColumns(tableSpec(table)), files, sources));
  }
}

export async function ingestAll(
  store: Store,
  inputs: Partial<Record<InputName, InputFile[]>>,
  tables: TableSpec[],
  loadDir: string,
  onReject: RejectSink,
  onFile: (counts: FileCounts, seconds: number) => void,
  onProgress?: ProgressSink,
): Promise<IngestTotals> {
  await mkdir(loadDir, { recursive: true });
  const jobs: IngestJob[] = [];
  for (const spec of tables) {
    for (const file of inputs[spec.name] ?? []) {
      const id = jobs.length;
      jobs.push({ id, table: spec.name, file, mainCsv: join(loadDir, `${id}.csv`), familyCsv: join(loadDir, `${id}.family.csv`) });
    }
  }
  const started = performance.now();
  const results = new Map<number, IngestResult>();
  const bulkLoad = new OrderedBulkLoad(store, jobs, results);
  try {
    await runJobs(jobs, Math.min(4, availableParallelism()), results, () => bulkLoad.advance(), onProgress);
  } catch (e) {
    await bulkLoad.finished().catch(() => {}); // no statement may still run when the caller closes the store
    throw e;
  }
  const parsed = performance.now();
  await bulkLoad.finished();

  const totals: IngestTotals = { rows: { read: 0, loaded: 0, rejected: 0 }, files: [], seconds: { parse: (parsed - started) / 1000, load: 0 } };
  const sourceColumns = await store.appender('source_columns', SOURCE_COLUMNS_TABLE);
  for (const job of jobs) {
    const r = results.get(job.id)!;
    for (const row of r.rejected) onReject(row);
    const counts = r.loaded.counts;
    totals.files.push(counts);
    totals.rows.read += counts.read;
    totals.rows.loaded += counts.loaded;
    totals.rows.rejected += counts.rejected;
    for (const [table, column] of r.loaded.headerColumns) sourceColumns.append([table, job.file.display, column]);
    onFile(counts, r.seconds);
  }
  sourceColumns.close();
  await rm(loadDir, { recursive: true, force: true });
  totals.seconds.load = (performance.now() - parsed) / 1000;
  return totals;
}
