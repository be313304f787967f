/**
 * An ingest worker thread: parses and normalises one input file at a time (as the main thread asks)
 * into bulk-load files and its rejected rows into a file of rejected.csv lines, and reports counts and
 * the header it found.
 */
import { BulkLineWriter } from './bulk-csv.js';
import { CsvPartWriter } from '../../reports/write/csv-writer.js';
import { loadFile, type LoadedFile } from './ingest.js';
import { tableSpec, type InputName } from './input-tables.js';
import type { InputFile } from '../read/table-reader.js';
import { serveJobs } from '../worker-pool.js';

export interface IngestJob {
  id: number;
  table: InputName;
  file: InputFile;
  mainCsv: string;
  familyCsv: string;
  /** Where its rejected rows go as rejected.csv lines (only written when there are some). */
  rejectedCsv: string;
}

export interface IngestResult {
  loaded: LoadedFile;
  familyRows: number;
  seconds: number;
}

export interface IngestProgress {
  file: string;
  rows: number;
}

serveJobs<IngestJob, IngestResult, IngestProgress>(async (job, progress) => {
  const started = performance.now();
  const spec = tableSpec(job.table);
  const main = new BulkLineWriter(job.mainCsv, job.id);
  const family = spec.inlineFamily ? new BulkLineWriter(job.familyCsv, job.id) : undefined;
  // Rejected rows go to a file, not into the answer: a file of millions of bad rows must not sit in memory.
  const rejected = new CsvPartWriter(job.rejectedCsv);
  try {
    const loaded = await loadFile(spec, job.file, main, family, (r) => rejected.write([r.file, r.row, r.table, r.reason]), (file, rows) => progress({ file, rows }));
    return { loaded, familyRows: family?.rows ?? 0, seconds: (performance.now() - started) / 1000 };
  } finally {
    // The files must be complete on disk before the main thread hears the job is done.
    main.close();
    family?.close();
    rejected.close();
  }
});
