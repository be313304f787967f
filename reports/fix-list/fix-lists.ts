/** Every school's fix-list, written on worker threads (fix-list-worker.ts), one per core. */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { WorkerPool } from '../../pipeline/worker-pool.js';
import type { RowStream } from '../../pipeline/check/store.js';
import type { FixListContext } from './fix-list.js';
import { joinPackedRows } from '../../pipeline/check/packed-rows.js';
import type { FixListLine, ReportData, SchoolRow } from '../report-data.js';
import type { VacantRegistration } from '../roster/roster-tables.js';

export interface FixListJob {
  id: number;
  context: FixListContext;
  school: SchoolRow;
  /** The school's rows, packed (report-data.ts): one string to pass to the thread, unpacked there. */
  rows: string | null;
  dir: string;
  /** The school's 空挂学籍 in 附表2's columns (roster-tables.ts), with a roster only. */
  vacant?: VacantRegistration[];
}

const WORKER = new URL('./fix-list-worker.js', import.meta.url);

/** The fix-list threads, one per core (at most 4): started before the other reports, they load their modules meanwhile. */
export function startFixListWorkers(): WorkerPool {
  return new WorkerPool(WORKER, Math.min(4, availableParallelism()));
}

/**
 * Fix-lists sent to each thread ahead of the one it works on: a fix-list takes a few milliseconds, and
 * this thread may be busy for a second meanwhile (the circular's .docx). Also what bounds the rows held:
 * at most this many schools' rows per thread wait in its queue.
 */
const JOBS_AHEAD = 128;

/**
 * The stream's lines grouped per school: sorted by school, a school's lines are consecutive, and may
 * go on in the next batch.
 */
export async function* linesBySchool(stream: Pick<RowStream<FixListLine>, 'next'>): AsyncGenerator<{ code: string; lines: string[] }> {
  let open: { code: string; lines: string[] } | undefined;
  for (let batch = await stream.next(); batch; batch = await stream.next()) {
    for (const { school_code, line } of batch) {
      if (open?.code !== school_code) {
        if (open) yield open;
        open = { code: school_code, lines: [] };
      }
      open.lines.push(line);
    }
  }
  if (open) yield open;
}

/** Writes every school's fix-list into the folder `folders` names for it, on `workers`, as the rows arrive. */
export async function writeFixLists(workers: WorkerPool, rows: Promise<RowStream<FixListLine>>, data: ReportData, schoolsDir: string, folders: Map<string, string>, onWritten?: (n: number) => void, vacant?: Map<string, VacantRegistration[]>): Promise<void> {
  const context: FixListContext = { campaign: data.campaign, rules: data.rules };
  const withFindings = new Map(data.schools.filter((s) => s.findings > 0).map((s) => [s.school_code, s]));
  let written = 0;
  async function* jobs(): AsyncGenerator<FixListJob> {
    let id = 0;
    const job = (school: SchoolRow, packed: string | null): FixListJob => ({ id: id++, context, school, rows: packed, dir: join(schoolsDir, folders.get(school.school_code)!), vacant: vacant?.get(school.school_code) });
    const unlisted = new Set(withFindings.keys());
    for await (const { code, lines } of linesBySchool(await rows)) {
      const school = withFindings.get(code);
      if (!school) continue;
      unlisted.delete(code);
      yield job(school, joinPackedRows(lines));
    }
    // A school counted with findings that has no rows here (findings without a school code) still gets its list.
    for (const code of unlisted) yield job(withFindings.get(code)!, null);
  }
  await workers.run<FixListJob, null>(jobs(), () => onWritten?.(++written), undefined, JOBS_AHEAD);
}
