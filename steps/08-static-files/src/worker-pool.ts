// A fixed pool of worker threads with a queue, like the Rust Book's ThreadPool.
//
// Node's event loop already serves many connections at once, as long as no handler keeps the one
// JavaScript thread busy. A CPU-heavy handler does: while it computes, no other request is read or
// answered. So CPU-heavy jobs go to worker threads, each with its own event loop and JavaScript
// engine, and the main thread only waits for their answers (which costs it nothing).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** What a worker answers for one job. */
export interface JobResult {
  /** Which worker ran it: 1, 2, ... */
  worker: number;
  ms: number;
  /** When the worker started and finished it (ms since the epoch). */
  startedAt: number;
  finishedAt: number;
}

interface QueuedJob {
  ms: number;
  resolve(result: JobResult): void;
  reject(error: Error): void;
}

interface PoolWorker {
  id: number;
  thread: Worker;
  job?: QueuedJob;
  /** Resolves when the thread has loaded its code and waits for jobs. */
  ready: Promise<void>;
}

// The worker runs worker.ts. Node 20 does not apply tsx's loader (`--import tsx`) inside worker
// threads, so a worker cannot start from a .ts file directly: it starts from this line of
// JavaScript, which registers tsx's require hook in the worker, then loads worker.ts. (The
// require hook starts in half the time of tsx's ESM loader, which would start a thread of its own.)
const tsxRequireHook = createRequire(import.meta.url).resolve('tsx/cjs/api');
const workerFile = fileURLToPath(new URL('./worker.ts', import.meta.url));
const workerBootstrap = `require(${JSON.stringify(tsxRequireHook)}).register(); require(${JSON.stringify(workerFile)});`;

// #region pool
export class WorkerPool {
  private readonly workers: PoolWorker[] = [];
  private readonly queue: QueuedJob[] = [];
  private closing = false;
  private whenIdle: (() => void) | undefined;

  /** Starts `size` threads now: a fixed pool, so a flood of jobs queues instead of piling up threads. */
  constructor(size: number) {
    for (let id = 1; id <= size; id++) this.workers.push(this.startWorker(id));
  }

  /** Runs a CPU-heavy job (here: keep a CPU busy for `ms`) on the next free worker. */
  busyFor(ms: number): Promise<JobResult> {
    if (this.closing) return Promise.reject(new Error('the worker pool is shutting down'));
    return new Promise((resolve, reject) => {
      this.queue.push({ ms, resolve, reject });
      this.dispatch();
    });
  }

  /**
   * Resolves once every thread has started (loading TypeScript takes a worker a moment): the
   * server says "Listening" only then, so that its first /work is not slowed by it.
   */
  whenReady(): Promise<void> {
    return Promise.all(this.workers.map((w) => w.ready)).then(() => undefined);
  }

  /** Jobs waiting for a free worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Accepts no new jobs, lets queued and running ones finish, then stops the threads. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.queue.length > 0 || this.workers.some((w) => w.job)) {
      await new Promise<void>((resolve) => {
        this.whenIdle = resolve;
      });
    }
    await Promise.all(this.workers.map((w) => w.thread.terminate()));
  }
  // #endregion pool

  // #region dispatch
  /** Hands queued jobs to idle workers, oldest job first. */
  private dispatch(): void {
    for (const worker of this.workers) {
      if (worker.job) continue;
      const job = this.queue.shift();
      if (!job) break;
      worker.job = job;
      worker.thread.postMessage(job.ms);
    }
    if (this.queue.length === 0 && !this.workers.some((w) => w.job)) this.whenIdle?.();
  }

  private startWorker(id: number): PoolWorker {
    const thread = new Worker(workerBootstrap, { eval: true, workerData: { id } });
    // The thread's first message says it is ready; every later one answers a job. A thread that
    // fails before it is ready (worker.ts does not load) fails whenReady() instead.
    const ready = new Promise<void>((resolve, reject) => {
      thread.once('message', () => resolve());
      thread.once('error', reject);
    });
    const worker: PoolWorker = { id, thread, ready };
    let started = false;
    ready.then(
      () => {
        started = true;
        thread.on('message', (result: JobResult) => {
          this.finish(worker)?.resolve(result);
          this.dispatch();
        });
      },
      () => {}, // reported by whenReady()
    );
    // A job that throws kills its thread: put a fresh thread in its place first (so that the next
    // job does not go to the dead one), then fail the job. (A thread that could not even start is
    // not replaced: its replacement would fail the same way, again and again.)
    thread.on('error', (error) => {
      if (!started) return;
      const index = this.workers.indexOf(worker);
      if (index !== -1) this.workers[index] = this.startWorker(id);
      this.finish(worker)?.reject(error);
      this.dispatch();
    });
    return worker;
  }

  /** The worker's job, now done: the worker is free again. */
  private finish(worker: PoolWorker): QueuedJob | undefined {
    const job = worker.job;
    worker.job = undefined;
    return job;
  }
  // #endregion dispatch
}
