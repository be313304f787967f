import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { WorkerPool } from '../../pipeline/worker-pool.js';
import { tempDir } from '../helpers/workbook.js';

// The worker side is the built module (npm test builds first): a worker thread cannot load TypeScript.
const POOL = pathToFileURL(resolve('dist/pipeline/worker-pool.js')).href;

/** Runs the jobs on a pool of `threads` workers, closed afterwards. */
async function runPool<J extends { id: number }, R, P = never>(worker: URL, jobs: J[], threads: number, onDone: (job: J, result: R) => void, onProgress?: (p: P) => void): Promise<void> {
  const pool = new WorkerPool(worker, threads);
  try {
    await pool.run(jobs, onDone, onProgress);
  } finally {
    await pool.close();
  }
}

function workerFile(body: string): URL {
  const path = join(tempDir('xueji-pool-'), 'worker.mjs');
  writeFileSync(path, `import { serveJobs } from '${POOL}';\nserveJobs(async (job, progress) => { ${body} });\n`);
  return pathToFileURL(path);
}

describe('worker pool', () => {
  it('runs every job once and passes progress and results back', async () => {
    const results = new Map<number, number>();
    const progress: number[] = [];
    const jobs = Array.from({ length: 7 }, (_, id) => ({ id }));
    await runPool<{ id: number }, number, number>(workerFile('progress(job.id); return job.id * 10;'), jobs, 2, (job, r) => results.set(job.id, r), (p) => progress.push(p));
    expect([...results].sort((a, b) => a[0] - b[0])).toEqual(jobs.map((j) => [j.id, j.id * 10]));
    expect(progress.sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
  });

  it('runs list after list on the same threads, each job reported once (no listener left from an earlier run)', async () => {
    const pool = new WorkerPool(workerFile('return job.id;'), 2);
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    try {
      const done: number[] = [];
      for (let run = 0; run < 12; run++) {
        const jobs = Array.from({ length: 5 }, (_, k) => ({ id: run * 5 + k }));
        await pool.run<{ id: number }, number>(jobs, (job, r) => done.push(job.id, r), undefined, 2);
      }
      expect(done.length).toBe(2 * 60);
      expect(done.filter((_, i) => i % 2 === 0).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i));
      await new Promise((resolve) => setImmediate(resolve)); // a MaxListenersExceeded warning is emitted on the next tick
      expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
      await pool.close();
    }
  });

  it('a system error in a worker keeps its code and path (a full disk still reads as one)', async () => {
    const failing = workerFile("if (job.id === 2) throw Object.assign(new Error('write failed'), { code: 'ENOSPC', path: '/out/x.xlsx' }); return 0;");
    await expect(runPool(failing, [{ id: 0 }, { id: 1 }, { id: 2 }], 1, () => {})).rejects.toMatchObject({ message: 'write failed', code: 'ENOSPC', path: '/out/x.xlsx' });
  });

  it('takes jobs from a stream as the workers have room, in order, each once', async () => {
    const pool = new WorkerPool(workerFile('return job.id;'), 2);
    try {
      const taken: number[] = [];
      let mostAhead = 0;
      const done: number[] = [];
      async function* stream() {
        for (let id = 0; id < 40; id++) {
          await new Promise((resolve) => setImmediate(resolve)); // made while the workers work
          taken.push(id);
          mostAhead = Math.max(mostAhead, taken.length - done.length);
          yield { id };
        }
      }
      await pool.run<{ id: number }, number>(stream(), (job, r) => {
        expect(r).toBe(job.id); // each result reaches the job it answers
        done.push(r);
      }, undefined, 3);
      expect(taken).toEqual(Array.from({ length: 40 }, (_, i) => i));
      // Never more taken than the two workers' three places each (a list read whole would be 40 ahead).
      expect(mostAhead).toBeLessThanOrEqual(6);
      expect(done.sort((a, b) => a - b)).toEqual(taken);
    } finally {
      await pool.close();
    }
  });

  it('takes no further job from a stream once one failed, and reports the failure', async () => {
    // Two workers: the one that did not fail must stop taking jobs too (one worker stops by itself). No job
    // ends before job 0 has failed (they wait for its signal, shared with every job), so however slowly the
    // workers start, few are taken by then; a worker that went on would take the whole stream after it.
    // Job 0, the first of its worker's queue: a failing job queued behind a waiting one would wait too.
    const failed = new Int32Array(new SharedArrayBuffer(4));
    const pool = new WorkerPool(workerFile(`
      if (job.id === 0) { Atomics.store(job.failed, 0, 1); Atomics.notify(job.failed, 0); throw new Error('cannot write'); }
      Atomics.wait(job.failed, 0, 0, 5000);
      return job.id;`), 2);
    try {
      let taken = 0;
      async function* stream() {
        for (let id = 0; id < 1000; id++) {
          taken++;
          yield { id, failed };
        }
      }
      await expect(pool.run<{ id: number; failed: Int32Array }, number>(stream(), () => {}, undefined, 2)).rejects.toThrow('cannot write');
      await new Promise((resolve) => setTimeout(resolve, 300)); // time for the other worker to go on, were it to
      expect(taken).toBeLessThan(20);
    } finally {
      await pool.close();
    }
  });

  it('a stream that fails fails the run', async () => {
    const pool = new WorkerPool(workerFile('return job.id;'), 2);
    try {
      async function* stream() {
        yield { id: 0 };
        throw new Error('rows unreadable');
      }
      await expect(pool.run<{ id: number }, number>(stream(), () => {}, undefined, 2)).rejects.toThrow('rows unreadable');
    } finally {
      await pool.close();
    }
  });
});
