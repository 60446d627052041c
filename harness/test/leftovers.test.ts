// A test run that is killed (turbo stopping it, Ctrl-C) leaves its servers running; the next run
// stops them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { reapAbandonedRuns, startRun } from '../src/leftovers.ts';

/** A stand-in for a server: a process in a group of its own, as the launcher starts them. */
function fakeServer() {
  const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('exit', (_code, signal) => resolve(signal)),
  );
  return { pid: child.pid as number, exited, stop: () => child.kill('SIGKILL') };
}

describe('servers left behind by a killed test run', () => {
  const parent = mkdtempSync(join(tmpdir(), 'hfs-leftovers-'));
  afterAll(() => rmSync(parent, { recursive: true, force: true }));

  it('are stopped by the next run, which finds their run without its owner', async () => {
    const server = fakeServer();
    const run = startRun(parent);
    writeFileSync(join(run, 'servers', String(server.pid)), '');
    // The owner: a process that has already exited, as a killed test run has.
    writeFileSync(join(run, 'owner'), String(spawnSync('true').pid));
    expect(reapAbandonedRuns(parent)).toBe(1);
    expect(await server.exited).toBe('SIGKILL');
    expect(existsSync(run)).toBe(false);
  });

  it('are left alone while their run is still going (another test run at the same time)', () => {
    const server = fakeServer();
    const run = startRun(parent); // owned by this process, which is alive
    writeFileSync(join(run, 'servers', String(server.pid)), '');
    try {
      expect(reapAbandonedRuns(parent)).toBe(0);
      expect(existsSync(run)).toBe(true);
    } finally {
      server.stop();
    }
  });
});
