/**
 * An ingest worker thread: parses and normalises one input file at a time (as the main thread asks)
 * into bulk-load CSV files, and reports counts, rejected rows and the header it found.
 */
import { parentPort } from 'node:worker_threads';
import { BulkCsvWriter } from './bulk-csv.js';
import { CliError } from './cli-error.js';
import { loadFile, type RejectedRow } from './ingest.js';
import { tableSpec, type InputName } from './input-tables.js';
import type { InputFile } from './table-reader.js';

export interface IngestJob {
  id: number;
  table: InputName;
  file: InputFile;
  mainCsv: string;
  familyCsv: string;
}

export type WorkerMessage =
  | { type: 'progress'; file: string; rows: number }
  | { type: 'done'; id: number; result: Awaited<ReturnType<typeof loadFile>>; rejected: RejectedRow[]; familyRows: number; seconds: number }
  | { type: 'error'; id: number; message: string; user: boolean; stack?: string };

const port = parentPort!;

port.on('message', async (job: IngestJob) => {
  const started = performance.now();
  const spec = tableSpec(job.table);
  const main = new BulkCsvWriter(job.mainCsv);
  const family = spec.inlineFamily ? new BulkCsvWriter(job.familyCsv) : undefined;
  const rejected: RejectedRow[] = [];
  let message: WorkerMessage;
  try {
    const result = await loadFile(spec, job.file, main, family, (r) => rejected.push(r), (file, rows) => port.postMessage({ type: 'progress', file, rows } satisfies WorkerMessage));
    message = { type: 'done', id: job.id, result, rejected, familyRows: family?.rows ?? 0, seconds: (performance.now() - started) / 1000 };
  } catch (e) {
    const error = e as Error;
    message = { type: 'error', id: job.id, message: error?.message ?? String(e), user: e instanceof CliError, stack: error?.stack };
  }
  // The files must be complete on disk before the main thread hears the job is done.
  main.close();
  family?.close();
  port.postMessage(message);
});
