// The pool on its own: jobs run in parallel up to its size, queue beyond it, and a job that kills
// its thread fails alone.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/worker-pool.ts';

describe('WorkerPool', () => {
  let pool: WorkerPool | undefined;
  afterEach(() => pool?.close());

  it('gives each worker a job at once, queues the rest, and runs them on the freed workers', async () => {
    pool = new WorkerPool(2);
    await pool.whenReady();
    const running = [pool.busyFor(200), pool.busyFor(200), pool.busyFor(200)];
    // Two went straight to the two workers; one waits. (When they actually run is up to the
    // operating system: on a busy machine a thread may start late, so we do not time it here.)
    expect(pool.queued).toBe(1);
    const jobs = await Promise.all(running);
    expect(new Set(jobs.map((j) => j.worker))).toEqual(new Set([1, 2]));
    const [first, second, third] = jobs;
    expect(third?.startedAt, 'the queued job starts once a worker is free').toBeGreaterThanOrEqual(
      Math.min(first?.finishedAt ?? 0, second?.finishedAt ?? 0),
    );
    expect(pool.queued).toBe(0);
  });

  it('a job that kills its thread fails alone: the queued job after it still runs', async () => {
    pool = new WorkerPool(1);
    const first = pool.busyFor(50);
    const failing = pool.busyFor(Number.NaN);
    const after = pool.busyFor(10);
    await expect(first).resolves.toMatchObject({ ms: 50 });
    await expect(failing).rejects.toThrow(/cannot be busy for NaN ms/);
    await expect(after).resolves.toMatchObject({ ms: 10, worker: 1 });
  });

  it('close() lets queued jobs finish, then refuses new ones', async () => {
    pool = new WorkerPool(1);
    const queued = [pool.busyFor(50), pool.busyFor(50)];
    const closed = pool.close();
    await expect(pool.busyFor(1)).rejects.toThrow(/shutting down/);
    await expect(Promise.all(queued)).resolves.toHaveLength(2);
    await closed;
  });
});
