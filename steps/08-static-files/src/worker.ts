// One worker thread of the pool: it waits for a job, does it, answers, and waits again.
import { parentPort, workerData } from 'node:worker_threads';
import type { JobResult } from './worker-pool.ts';

// #region worker
const id: number = workerData.id;

parentPort?.on('message', (ms: number) => {
  // The server checks ms before it asks; a job that throws anyway kills this thread, and the pool
  // fails that one job and starts a fresh thread.
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot be busy for ${ms} ms`);
  const startedAt = Date.now();
  // The CPU-heavy work: a loop that keeps this thread's CPU busy for `ms`. On the main thread, this
  // loop would freeze every connection of the server; here it freezes only this worker.
  while (Date.now() - startedAt < ms) {
    // spin
  }
  const result: JobResult = { worker: id, ms, startedAt, finishedAt: Date.now() };
  parentPort?.postMessage(result);
});

parentPort?.postMessage('ready'); // the pool waits for this before the server says "Listening"
// #endregion worker
