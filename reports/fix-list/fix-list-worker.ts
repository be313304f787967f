/** A fix-list worker thread: writes the schools' fix-lists the main thread sends it. */
import { serveJobs } from '../../pipeline/worker-pool.js';
import { writeFixList } from './fix-list.js';
import { unpackFixListRows } from '../report-data.js';
import type { FixListJob } from './fix-lists.js';

serveJobs<FixListJob, null>(async (job) => {
  await writeFixList(job.context, job.school, unpackFixListRows(job.rows), job.dir, job.vacant);
  return null;
});
