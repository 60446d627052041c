// The pool on its own: jobs run in parallel up to its size, queue beyond it, and a job that kills
// its thread fails alone.
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerPool } from '../src/worker-pool.ts';

describe('WorkerPool', () => {
  let pool: WorkerPool | undefined;
  afterEach(() => pool?.close());

  it('runs as many jobs at once as it has workers, and queues the rest', async () => {
    pool = new WorkerPool(2);
    await pool.whenReady();
    const jobs = await Promise.all([pool.busyFor(200), pool.busyFor(200), pool.busyFor(200)]);
    expect(new Set(jobs.map((j) => j.worker))).toEqual(new Set([1, 2]));
    const [a, b, c] = jobs.sort((x, y) => x.startedAt - y.startedAt) as [
      (typeof jobs)[0],
      (typeof jobs)[0],
      (typeof jobs)[0],
    ];
    expect(b.startedAt, 'the first two run together').toBeLessThan(a.finishedAt);
    expect(c.startedAt, 'the third waits for a free worker').toBeGreaterThanOrEqual(
      Math.min(a.finishedAt, b.finishedAt),
    );
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
