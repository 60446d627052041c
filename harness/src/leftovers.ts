// No server left behind, even when the test run itself is killed (turbo stops the other tasks
// when one fails; Ctrl-C; a crash). Each run has a folder (made by the global setup) that names
// its owner, the test process, and every server still running, by process group. The run's
// teardown stops what is listed; a run that was killed before its teardown is cleaned up by the
// next one, which finds its owner gone.
//
// A server is more than the process we started: `npm start` is a wrapper, a server may fork
// workers, and a child may leave our process group (setsid, a daemon's double fork) where a group
// kill never reaches it. Linux offers no unprivileged way to hold on to every descendant (a
// subreaper is prctl(), which Node cannot call; cgroups need root), so each server carries a
// cookie: an environment variable only its processes inherit, as Jenkins' ProcessTreeKiller does
// with BUILD_ID. Its processes are then every process with the cookie, every member of its group,
// and every descendant of either (by parent pid, for a child started with a cleared environment),
// found in /proc. Where there is no /proc (macOS), the group is all we can reach.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
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
  for (const { group, cookie, known } of listedServers(dir)) {
    signalGroup(group, 'SIGKILL');
    if (cookie) new ServerProcesses(cookie, known).killAllNow();
  }
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
    stopped += listedServers(dir).filter(({ group }) => isAlive(group)).length;
    endRun(dir);
  }
  return stopped;
}

/**
 * Lists a server in the current run, if there is one: a file named after its process group, whose
 * first line is its cookie, then one line "pid start" per process found to be the server's (a
 * child with an empty environment in a session of its own is found again by those alone).
 */
export function listServer(group: number, cookie = ''): void {
  const dir = process.env.HFS_COPIES_DIR;
  if (dir) writeFileSync(join(dir, 'servers', String(group)), `${cookie}\n`);
}

function listProcess(group: number, pid: number, start: string): void {
  const dir = process.env.HFS_COPIES_DIR;
  if (dir) writeFileSync(join(dir, 'servers', String(group)), `${pid} ${start}\n`, { flag: 'a' });
}

export function unlistServer(group: number): void {
  const dir = process.env.HFS_COPIES_DIR;
  if (dir) rmSync(join(dir, 'servers', String(group)), { force: true });
}

interface Listed {
  group: number;
  cookie: string;
  known: Array<[pid: number, start: string]>;
}

function listedServers(dir: string): Listed[] {
  let names: string[];
  try {
    names = readdirSync(join(dir, 'servers'));
  } catch {
    return [];
  }
  return names
    .map((name) => {
      const [cookie = '', ...processes] = readOrEmpty(join(dir, 'servers', name)).split('\n');
      const known = processes
        .map((line) => line.split(' '))
        .filter(([pid, start]) => Number(pid) > 0 && start)
        .map(([pid, start]) => [Number(pid), start] as [number, string]);
      return { group: Number(name), cookie: cookie.trim(), known };
    })
    .filter(({ group }) => Number.isInteger(group) && group > 0);
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

/** What /proc/<pid>/stat says about a process. */
export interface ProcessInfo {
  pid: number;
  parent: number;
  group: number;
  /** Clock ticks after boot: with the pid, names the process (pids are reused, pid_max is 32768). */
  start: string;
  /** Exited, waiting for its parent (or an init that never reaps) to collect it: nothing to kill. */
  dead: boolean;
}

export const hasProc = existsSync('/proc/self/stat');

function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // it exited while we looked
  }
  // "pid (comm) state ppid pgrp ... starttime(22nd)": comm may hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return {
    pid,
    parent: Number(fields[1]),
    group: Number(fields[2]),
    start: fields[19] ?? '',
    dead: fields[0] === 'Z' || fields[0] === 'X',
  };
}

/** Every process /proc shows (none where there is no /proc). */
export function allProcesses(): ProcessInfo[] {
  if (!hasProc) return [];
  const processes: ProcessInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = readProcess(Number(entry));
    if (info) processes.push(info);
  }
  return processes;
}

/** This process and its ancestors: never ours to kill, whatever they inherited. */
function ourselves(): Set<number> {
  const mine = new Set<number>();
  for (let pid = process.pid; pid > 1 && !mine.has(pid); ) {
    mine.add(pid);
    pid = readProcess(pid)?.parent ?? 0;
  }
  return mine;
}

/** The name of the variable that marks a server's processes (a name per cookie: nested graders keep each). */
const cookieVariable = (cookie: string) => `HFS_SERVER_${cookie}`;

/** Every process of one server, found again at each look, wherever it has gone. */
export class ServerProcesses {
  /** pid → start time of processes seen to belong to the server, kept after they are reparented. */
  private readonly known: Map<number, string>;
  private leader: ProcessInfo | undefined;
  private leaderExited = false;

  constructor(
    readonly cookie = randomBytes(8).toString('hex'),
    known: Array<[pid: number, start: string]> = [],
  ) {
    this.known = new Map(known);
  }

  /** The variable to put in the server's environment. */
  get env(): Record<string, string> {
    return { [cookieVariable(this.cookie)]: '1' };
  }

  /** The process we started (its pid is also its process group's id: it is started detached). */
  adopt(pid: number): void {
    this.leader = readProcess(pid) ?? { pid, parent: 0, group: pid, start: '', dead: false };
    this.known.set(pid, this.leader.start);
    listServer(pid, this.cookie);
  }

  /**
   * Called as soon as the process we started has exited: its group's other members are recorded
   * now, since from here on its pid may be reused as another group's id.
   */
  exited(): void {
    this.track();
    this.leaderExited = true;
  }

  /**
   * The pids of the server's processes still alive; records each, so that it is found again.
   * `byCookie: false` looks by parent pid only (no environment read: a third of the cost).
   */
  find({ byCookie = true } = {}): number[] {
    return this.scan(byCookie).map((info) => info.pid);
  }

  /**
   * Records the server's descendants, so that one whose parent exits later, and which has cleared
   * its environment, is still known.
   */
  track(): void {
    this.scan(false);
  }

  private scan(byCookie = true): ProcessInfo[] {
    if (!hasProc) return this.leader && !this.leaderExited ? [this.leader] : [];
    const processes = allProcesses();
    const mine = ourselves();
    const byPid = new Map(processes.map((p) => [p.pid, p]));
    const marker = Buffer.from(`${cookieVariable(this.cookie)}=`);
    const leaderStart = Number(this.leader?.start ?? 0);
    const belongs = new Map<number, boolean>();
    const isServers = (info: ProcessInfo): boolean => {
      const cached = belongs.get(info.pid);
      if (cached !== undefined) return cached;
      belongs.set(info.pid, false); // a cycle (a pid reused as an ancestor) ends here
      const verdict =
        !mine.has(info.pid) &&
        (this.known.get(info.pid) === info.start ||
          (!this.leaderExited && info.group === this.leader?.pid) ||
          // Only a process started after ours can have inherited its cookie.
          (byCookie && Number(info.start) >= leaderStart && hasMarker(info.pid, marker)) ||
          (byPid.has(info.parent) && isServers(byPid.get(info.parent) as ProcessInfo)));
      belongs.set(info.pid, verdict);
      return verdict;
    };
    const alive: ProcessInfo[] = [];
    for (const info of processes) {
      if (!isServers(info)) continue;
      if (this.known.get(info.pid) !== info.start) {
        this.known.set(info.pid, info.start);
        if (this.leader) listProcess(this.leader.pid, info.pid, info.start);
      }
      if (!info.dead) alive.push(info);
    }
    return alive;
  }

  /**
   * Sends `signal` to every process of the server, once each. Only SIGKILL looks for processes by
   * their cookie (the costly look): the others get a chance to stop, and the cookie is for the rest.
   */
  signal(signal: NodeJS.Signals): void {
    const leaderGroup = this.leader && !this.leaderExited ? this.leader.pid : undefined;
    const processes = this.scan(signal === 'SIGKILL');
    if (leaderGroup !== undefined && !signalGroup(leaderGroup, signal))
      signalPid(leaderGroup, signal); // not a group leader after all
    for (const { pid, group } of processes) {
      // The group's members got it from the group signal: a second SIGTERM may mean "force quit".
      if (group !== leaderGroup) signalPid(pid, signal);
    }
  }

  /** SIGKILLs every process of the server until none is found; the pids still alive after. */
  async killAll(): Promise<number[]> {
    let alive = this.find();
    for (let round = 0; round < KILL_ROUNDS && alive.length > 0; round++) {
      this.signal('SIGKILL');
      // A retry interval, not a synchronisation: a killed process is gone a moment later, and a
      // process forked between our look and our kill is found at the next look.
      await new Promise((resolve) => setTimeout(resolve, 10));
      alive = this.find();
    }
    return alive;
  }

  /** killAll(), synchronously, for an exiting process (it cannot wait). */
  killAllNow(): void {
    for (let round = 0; round < KILL_ROUNDS; round++) {
      if (this.find().length === 0) return;
      this.signal('SIGKILL');
    }
  }
}

/** How many times killAll() looks again for processes forked while it was killing. */
const KILL_ROUNDS = 20;

function hasMarker(pid: number, marker: Buffer): boolean {
  try {
    return readFileSync(`/proc/${pid}/environ`).includes(marker);
  } catch {
    return false; // gone, or another user's process: not ours
  }
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}
