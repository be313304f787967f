/** Every school's fix-list, written on worker threads (fix-list-worker.ts), one per core. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../pipeline/worker-pool.js';
import type { FixListContext } from './fix-list.js';
import type { FixListRow, ReportData, SchoolRow } from './report-data.js';

export interface FixListJob {
  id: number;
  context: FixListContext;
  school: SchoolRow;
  findings: FixListRow[];
  dir: string;
}

const WORKER = new URL('./fix-list-worker.js', import.meta.url);

/** The fix-list threads, one per core (at most 4): started before the other reports, they load their modules meanwhile. */
export function startFixListWorkers(): WorkerPool {
  return new WorkerPool(WORKER, Math.min(4, availableParallelism()));
}

/** Writes every school's fix-list into the folder `folders` names for it, on `workers`. */
export async function writeFixLists(workers: WorkerPool, rows: Promise<Map<string, FixListRow[]>>, data: ReportData, schoolsDir: string, folders: Map<string, string>, onWritten?: (n: number) => void): Promise<void> {
  const bySchool = await rows;
  const context: FixListContext = { campaign: data.campaign, rules: data.rules };
  const jobs: FixListJob[] = data.schools.filter((s) => s.findings > 0).map((school, id) => ({
    id, context, school, findings: bySchool.get(school.school_code) ?? [], dir: join(schoolsDir, folders.get(school.school_code)!),
  }));
  let written = 0;
  // Two schools in flight per worker: a fix-list takes a few milliseconds, about what a round trip to
  // this thread can take while it writes the other reports.
  await workers.run<FixListJob, null>(jobs, () => onWritten?.(++written), undefined, 2);
}
