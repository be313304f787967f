/**
 * Ingest across worker threads: every input file is parsed by one of a few workers into bulk-load CSV
 * files; then each table is loaded into DuckDB in one read_csv. Results are taken in the campaign's
 * file order, so counts, rejected.csv and row order do not depend on which worker finished first.
 */
import { mkdir, rm, stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { bulkLoadSql, type BulkFile } from './bulk-csv.js';
import { CliError } from './cli-error.js';
import type { FileCounts, LoadedFile, ProgressSink, RejectSink } from './ingest.js';
import type { IngestJob, WorkerMessage } from './ingest-worker.js';
import { tableSpec, type InputName, type TableSpec } from './input-tables.js';
import { SOURCE_COLUMNS_TABLE, rowColumns } from './store-columns.js';
import type { Store } from './store.js';
import type { InputFile } from './table-reader.js';

export interface IngestTotals {
  rows: { read: number; loaded: number; rejected: number };
  files: FileCounts[];
  /** Wall time of parsing (all workers) and of the bulk load into DuckDB. */
  seconds: { parse: number; load: number };
}

interface JobResult {
  loaded: LoadedFile;
  rejected: Parameters<RejectSink>[0][];
  familyRows: number;
  seconds: number;
}

const WORKER = new URL('./ingest-worker.js', import.meta.url);

/** Runs the jobs on `threads` workers, largest files first; resolves with results by job id. */
async function runJobs(jobs: IngestJob[], threads: number, onProgress?: ProgressSink): Promise<Map<number, JobResult>> {
  const sizes = new Map(await Promise.all(jobs.map(async (j) => [j.id, (await stat(j.file.path).catch(() => ({ size: 0 }))).size] as const)));
  const queue = [...jobs].sort((a, b) => sizes.get(b.id)! - sizes.get(a.id)! || a.id - b.id);
  const results = new Map<number, JobResult>();
  const workers = Array.from({ length: Math.max(1, Math.min(threads, jobs.length)) }, () => new Worker(WORKER));
  try {
    await Promise.all(workers.map((worker) => new Promise<void>((resolve, reject) => {
      const next = () => {
        const job = queue.shift();
        if (!job) { resolve(); return; }
        worker.postMessage(job);
      };
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') onProgress?.(m.file, m.rows);
        else if (m.type === 'done') { results.set(m.id, { loaded: m.result, rejected: m.rejected, familyRows: m.familyRows, seconds: m.seconds }); next(); }
        else reject(m.user ? new CliError(m.message) : Object.assign(new Error(m.message), { stack: m.stack }));
      });
      worker.on('error', reject);
      next();
    })));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
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
  const parseStarted = performance.now();
  const results = await runJobs(jobs, Math.min(4, availableParallelism()), onProgress);
  const loadStarted = performance.now();

  const totals: IngestTotals = { rows: { read: 0, loaded: 0, rejected: 0 }, files: [], seconds: { parse: (loadStarted - parseStarted) / 1000, load: 0 } };
  const sourceColumns = await store.appender('source_columns', SOURCE_COLUMNS_TABLE);
  const csvsOf = new Map<string, BulkFile[]>();
  const addCsv = (table: string, file: BulkFile) => csvsOf.set(table, [...(csvsOf.get(table) ?? []), file]);
  for (const job of jobs) {
    const r = results.get(job.id)!;
    for (const row of r.rejected) onReject(row);
    const counts = r.loaded.counts;
    totals.files.push(counts);
    totals.rows.read += counts.read;
    totals.rows.loaded += counts.loaded;
    totals.rows.rejected += counts.rejected;
    for (const [table, column] of r.loaded.headerColumns) sourceColumns.append([table, job.file.display, column]);
    if (counts.loaded) addCsv(job.table, { path: job.mainCsv, sourceFile: job.file.display });
    if (r.familyRows) addCsv('family', { path: job.familyCsv, sourceFile: job.file.display });
    onFile(counts, r.seconds);
  }
  sourceColumns.close();
  await store.run('BEGIN TRANSACTION');
  for (const [table, files] of csvsOf) await store.run(bulkLoadSql(table, rowColumns(tableSpec(table as InputName)), files));
  await store.run('COMMIT');
  await rm(loadDir, { recursive: true, force: true });
  totals.seconds.load = (performance.now() - loadStarted) / 1000;
  return totals;
}
