/**
 * A few worker threads working through a list or a stream of jobs, taken in the order given, a few
 * ahead per worker (`inFlight`). Both sides speak PoolMessage: a worker answers each job with 'done' (or 'error'), and may
 * send 'progress' in between. A CliError in a worker stays a CliError (one line for the user); a system
 * error keeps its code and path.
 */
import { setFlagsFromString } from 'node:v8';
import { parentPort, Worker } from 'node:worker_threads';
import { CliError } from './cli-error.js';

export type PoolMessage<R, P> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; id: number; result: R }
  | { type: 'error'; id: number; message: string; user: boolean; stack?: string; code?: string; path?: string };

/**
 * Threads created from now on optimise their hot functions on their own thread instead of handing them
 * to a compiler thread. Measured on a county (2 cores): parsing the first time 1.5–1.7 s instead of
 * 1.7–1.9 s, with a ninth less CPU; parsing again, once compiled, no different; whole runs 0.1 s shorter.
 * Probably because a worker's scanner is recompiled a dozen times as it meets new kinds of rows, and with
 * a core per worker a compiler thread only takes its turn from the other worker. V8 reads the flag when a
 * thread's isolate is created, so the main thread keeps its compiler thread (--trace-opt shows both).
 */
function compileInWorkersOwnThread(): void {
  setFlagsFromString('--no-concurrent-recompilation');
}

export interface PoolJob {
  id: number;
}

/**
 * Worker threads started ahead of their jobs (a thread takes a tenth of a second or more to load its
 * modules, time the main thread can spend elsewhere), then given one list of jobs. Close it when done.
 */
export class WorkerPool {
  private readonly workers: Worker[];

  constructor(private readonly worker: URL, threads: number) {
    compileInWorkersOwnThread();
    this.workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(worker));
  }

  /**
   * Runs the jobs in the order given: a list, or a stream made while the workers work (a job is taken
   * from it when a worker has room). `inFlight` jobs are sent to each worker ahead: more than one keeps
   * a worker busy with short jobs while this thread is busy elsewhere (a fix-list takes a few
   * milliseconds; this thread may build a document for a second); long jobs such as parsing a file
   * want one. A pool may run several lists one after the other; each run's listeners go when it ends.
   * After a job fails no further job is taken.
   */
  async run<J extends PoolJob, R, P = never>(jobs: Iterable<J> | AsyncIterable<J>, onDone: (job: J, result: R) => void, onProgress?: (progress: P) => void, inFlight = 1): Promise<void> {
    const take = takeInTurn(jobs);
    const byId = new Map<number, J>();
    let failed = false;
    await Promise.all(this.workers.map((w) => new Promise<void>((resolve, reject) => {
      let pending = 0;
      let drained = false;
      const settle = (error?: unknown) => {
        w.off('message', onMessage);
        w.off('error', settle);
        if (error === undefined) resolve();
        else {
          failed = true;
          reject(error);
        }
      };
      // After a failure no job is taken (the stream is not read on); a throw here (postMessage) fails the run.
      const next = () => (failed ? Promise.resolve(undefined) : take()).then((job) => {
        if (job && !failed) {
          pending++;
          byId.set(job.id, job);
          w.postMessage(job);
        } else {
          drained = true;
          if (pending === 0) settle();
        }
      }).catch(settle);
      const onMessage = (m: PoolMessage<R, P>) => {
        if (m.type === 'progress') onProgress?.(m.progress);
        else if (m.type === 'done') {
          pending--;
          const job = byId.get(m.id)!;
          byId.delete(m.id);
          onDone(job, m.result);
          if (!drained) void next();
          else if (pending === 0) settle();
        } else settle(m.user ? new CliError(m.message) : Object.assign(new Error(m.message), { stack: m.stack, code: m.code, path: m.path }));
      };
      w.on('message', onMessage);
      w.on('error', settle);
      for (let i = 0; i < Math.max(1, inFlight); i++) void next();
    })));
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** The next job of a list or a stream, one call at a time (a stream's next may only be asked once its last is answered); undefined when none is left. */
function takeInTurn<J>(jobs: Iterable<J> | AsyncIterable<J>): () => Promise<J | undefined> {
  const source: Iterator<J> | AsyncIterator<J> = Symbol.asyncIterator in jobs ? jobs[Symbol.asyncIterator]() : jobs[Symbol.iterator]();
  let turn: Promise<unknown> = Promise.resolve();
  let done = false;
  return () => {
    const job = turn.then(async () => {
      if (done) return undefined;
      const next = await source.next();
      if (next.done) done = true;
      return next.done ? undefined : next.value;
    });
    turn = job.catch(() => {});
    return job;
  };
}

/** The worker side: runs `work` for each job it is sent and answers with its result or its error. */
export function serveJobs<J extends PoolJob, R, P = never>(work: (job: J, progress: (p: P) => void) => Promise<R>): void {
  const port = parentPort!;
  const progress = (p: P) => port.postMessage({ type: 'progress', progress: p } satisfies PoolMessage<R, P>);
  port.on('message', async (job: J) => {
    let message: PoolMessage<R, P>;
    try {
      message = { type: 'done', id: job.id, result: await work(job, progress) };
    } catch (e) {
      // code and path travel too: a full disk in a worker must still read as a full disk.
      const error = e as NodeJS.ErrnoException;
      message = { type: 'error', id: job.id, message: error?.message ?? String(e), user: e instanceof CliError, stack: error?.stack, code: error?.code, path: error?.path };
    }
    port.postMessage(message);
  });
}
