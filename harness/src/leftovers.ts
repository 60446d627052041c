// No server left behind, even when the test run itself is killed (turbo stops the other tasks
// when one fails; Ctrl-C; a crash). Each run has a folder (made by the global setup) that names
// its owner, the test process, and every server still running, by process group. The run's
// teardown stops what is listed; a run that was killed before its teardown is cleaned up by the
// next one, which finds its owner gone.
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const RUN_PREFIX = 'hfs-run-';
const STARTING_PREFIX = 'hfs-starting-';

/** A fresh run folder owned by this process; the folder copies of steps also go in. */
export function startRun(parent = tmpdir()): string {
  // Made under another name and renamed once it names its owner: a run starting at the same
  // moment must never see an hfs-run- folder without an owner, and take it for abandoned.
  const starting = mkdtempSync(join(parent, STARTING_PREFIX));
  writeFileSync(join(starting, 'owner'), String(process.pid));
  mkdirSync(join(starting, 'servers'));
  const dir = join(parent, RUN_PREFIX + basename(starting).slice(STARTING_PREFIX.length));
  renameSync(starting, dir);
  return dir;
}

/** Stops the run's servers that are still listed, then removes its folder. */
export function endRun(dir: string): void {
  for (const group of listedServers(dir)) signalGroup(group, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

/** Ends every run under `parent` whose owner is no longer alive. Returns how many servers it stopped. */
export function reapAbandonedRuns(parent = tmpdir()): number {
  let stopped = 0;
  for (const name of readdirSync(parent)) {
    if (!name.startsWith(RUN_PREFIX)) continue;
    const dir = join(parent, name);
    const owner = Number(readOrEmpty(join(dir, 'owner')));
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
    stopped += listedServers(dir).filter(isAlive).length;
    endRun(dir);
  }
  return stopped;
}

/** Lists a server (its process group) in the current run, if there is one. */
export function listServer(group: number): void {
  const dir = process.env.HFS_COPIES_DIR;
  if (dir) writeFileSync(join(dir, 'servers', String(group)), '', { flag: 'a' });
}

export function unlistServer(group: number): void {
  const dir = process.env.HFS_COPIES_DIR;
  if (dir) rmSync(join(dir, 'servers', String(group)), { force: true });
}

function listedServers(dir: string): number[] {
  try {
    return readdirSync(join(dir, 'servers')).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

/** Signals a whole process group; false when there is no such group (gone, or not a leader). */
export function signalGroup(group: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // alive, but not ours
  }
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
