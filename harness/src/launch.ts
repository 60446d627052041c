// Starts a server (a course step, a mutant, or any command in any folder), waits until it is
// ready, captures everything it prints, and makes sure it is stopped, whatever happens to the test.
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import { ioDeadline } from './io-deadline.ts';
import { hasProc, ServerProcesses, unlistServer } from './leftovers.ts';

export interface LaunchOptions {
  /** Folder to run in. */
  cwd: string;
  /** The program and its arguments. */
  command: string[];
  /** Extra environment variables. */
  env?: Record<string, string>;
  /**
   * Where the server listens. Omitted: the server is started with PORT=0 and the harness reads
   * the port from its `Listening on <scheme>://HOST:PORT` line. A number: the server is started
   * with that PORT and is ready once the port accepts connections.
   */
  port?: number;
  /** How long the server may take to become ready (default READY_TIMEOUT_MS). */
  readyTimeoutMs?: number;
}

/** How long a server may take to print its Listening line (tsx compiling on a busy machine). */
export const READY_TIMEOUT_MS = 10_000;
/** How long a server has to stop after SIGTERM before its every process is SIGKILLed. */
export const STOP_GRACE_MS = 5_000;
/**
 * The most of a server's output that is kept, and so shown in a report (about half from the start,
 * half from the end): a server that prints 50 MB must cost neither the grader's memory nor a report
 * the size of a novel.
 */
export const PRINTED_CAP_BYTES = 32 * 1024;
/** A longer line is cut (a server that prints megabytes without a newline). */
export const LINE_CAP_CHARS = 2_000;
/** How often the launcher records a server's descendants, to find them after they are reparented. */
const TRACK_INTERVAL_MS = 1_000;
/** Once every process is killed, the output pipes close at once; unless someone else holds them. */
const PIPES_CLOSE_MS = 1_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

interface KeptLine extends OutputLine {
  /** Its number among every line printed, kept or not. */
  index: number;
  /** Bytes printed before it, and up to its end. */
  offset: number;
  end: number;
}

/**
 * Captures a child's output as lines, as they come, keeping its first and last lines within
 * PRINTED_CAP_BYTES. Every line is still seen by the listeners (waitForOutput), kept or not.
 */
class OutputLog {
  /** Lines printed so far, and their bytes (kept or not). */
  count = 0;
  bytes = 0;
  private readonly head: KeptLine[] = [];
  private headFull = false;
  private headBytes = 0;
  // The last lines: a queue, as an array and the index of its first line (shift() is O(n)).
  private tail: KeptLine[] = [];
  private tailFirst = 0;
  private tailBytes = 0;
  private partial = { stdout: '', stderr: '' };
  private cut = { stdout: 0, stderr: 0 };
  /** Byte offset of each mark(), so that printed(mark) can say how much it leaves out. */
  private readonly marks = new Map<number, number>();
  private listeners = new Set<(line: OutputLine) => void>();

  attach(child: ChildProcess): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (text: string) => this.add(stream, text));
      child[stream]?.on('end', () => this.flush(stream));
    }
  }

  private add(stream: 'stdout' | 'stderr', text: string): void {
    for (let start = 0; ; ) {
      const newline = text.indexOf('\n', start);
      this.append(stream, text.slice(start, newline === -1 ? undefined : newline));
      if (newline === -1) return;
      this.complete(stream);
      start = newline + 1;
    }
  }

  /** Adds to the line being printed, up to LINE_CAP_CHARS; the rest is only counted. */
  private append(stream: 'stdout' | 'stderr', text: string): void {
    const room = LINE_CAP_CHARS - this.partial[stream].length;
    if (text.length <= room) {
      this.partial[stream] += text;
      return;
    }
    this.partial[stream] += text.slice(0, Math.max(room, 0));
    this.cut[stream] += Buffer.byteLength(room > 0 ? text.slice(room) : text);
  }

  private complete(stream: 'stdout' | 'stderr'): void {
    const printed = this.partial[stream];
    const cut = this.cut[stream];
    this.partial[stream] = '';
    this.cut[stream] = 0;
    const text = printed.replace(/\r$/, '') + (cut ? ` ... (${size(cut)} more on this line)` : '');
    this.push(stream, text, Buffer.byteLength(printed) + cut + 1);
  }

  /** A line of the harness's own among the server's: something it could not do. */
  note(text: string): void {
    this.push('stderr', text, 0);
  }

  private push(stream: 'stdout' | 'stderr', text: string, bytes: number): void {
    const offset = this.bytes;
    this.bytes += bytes;
    const line: KeptLine = { stream, text, index: this.count++, offset, end: this.bytes };
    this.keep(line);
    for (const listener of this.listeners) listener(line);
  }

  private keep(line: KeptLine): void {
    const half = PRINTED_CAP_BYTES / 2;
    const length = line.text.length + 1;
    if (!this.headFull && this.headBytes + length <= half) {
      this.head.push(line);
      this.headBytes += length;
      return;
    }
    this.headFull = true;
    this.tail.push(line);
    this.tailBytes += length;
    while (this.tailBytes > half && this.tail.length - this.tailFirst > 1) {
      this.tailBytes -= (this.tail[this.tailFirst++] as KeptLine).text.length + 1;
    }
    if (this.tailFirst > 1024 && this.tailFirst * 2 > this.tail.length) {
      this.tail = this.tail.slice(this.tailFirst);
      this.tailFirst = 0;
    }
  }

  private flush(stream: 'stdout' | 'stderr'): void {
    if (this.partial[stream] || this.cut[stream]) this.complete(stream);
  }

  onLine(listener: (line: OutputLine) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  mark(): number {
    this.marks.set(this.count, this.bytes);
    return this.count;
  }

  /** The lines kept from line `from` on (all of them, unless the server printed more than the cap). */
  linesFrom(from = 0): OutputLine[] {
    return this.kept(from);
  }

  private kept(from: number): KeptLine[] {
    const lines = [...this.head, ...this.tail.slice(this.tailFirst)];
    return lines.filter((line) => line.index >= from);
  }

  /** The kept lines from line `from` on, with a line saying how much was left out where it was. */
  text(from = 0, stream?: 'stdout' | 'stderr'): string {
    const shown: string[] = [];
    let next = { index: from, offset: from === 0 ? 0 : this.marks.get(from) };
    for (const line of this.kept(from)) {
      if (line.index > next.index) {
        const bytes = next.offset === undefined ? '' : ` / ${size(line.offset - next.offset)}`;
        shown.push(`... ${line.index - next.index} lines${bytes} not shown ...`);
      }
      if (!stream || line.stream === stream) shown.push(line.text);
      next = { index: line.index + 1, offset: line.end };
    }
    return shown.join('\n');
  }
}

/** 812 bytes, 3.4 KB, 47.7 MB. */
function size(bytes: number): string {
  if (bytes < 1000) return `${bytes} bytes`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} KB`;
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

const running = new Set<Launched>();

// Whatever ends the test process (a failure, a timeout, Ctrl-C), no server is left behind.
process.on('exit', () => {
  for (const server of running) server.processes.killAllNow();
});

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits for `promise`, or `ms`, whichever comes first (and leaves no timer behind). */
async function within(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([promise, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

export class Launched {
  readonly output = new OutputLog();
  /** The process we started has exited. */
  readonly exited: Promise<Exit>;
  /** The process has exited and its output streams are closed: every line is in. */
  readonly closed: Promise<void>;
  /** Set once the server is ready. */
  host = '127.0.0.1';
  port = 0;
  /** From the Listening line: 'tcp' (chapter 1), 'http' (later ones); 'http' for a fixed port. */
  scheme = 'http';
  exit: Exit | undefined;
  private stopping: Promise<void> | undefined;
  private readonly tracker: NodeJS.Timeout;

  constructor(
    readonly child: ChildProcess,
    readonly description: string,
    /** Every process of the server: the one we started, its group, and what they started. */
    readonly processes: ServerProcesses,
  ) {
    running.add(this);
    if (child.pid !== undefined) processes.adopt(child.pid); // and lists it in the run
    // Records its descendants while their parents live: one that clears its environment and
    // whose parent then exits is still known by its pid (and start time) when the server stops.
    this.tracker = setInterval(() => processes.track(), TRACK_INTERVAL_MS).unref();
    this.output.attach(child);
    this.exited = new Promise((resolve) => {
      const exited = (code: number | null, signal: NodeJS.Signals | null) => {
        processes.exited();
        this.exit = { code, signal };
        resolve(this.exit);
        // Whatever it left running (a forked child that keeps the port) goes with it, at once.
        this.stopping ??= this.terminate('SIGKILL', 0);
      };
      child.on('exit', exited);
      // A command that cannot be started (ENOENT) never exits: it was never running.
      child.on('error', () => child.pid === undefined && !this.exit && exited(null, null));
    });
    this.closed = new Promise((resolve) => child.once('close', () => resolve()));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** host:port, as a Host header or a URL says it (an IPv6 address in brackets). */
  get authority(): string {
    const host = this.host.includes(':') ? `[${this.host}]` : this.host;
    return `${host}:${this.port}`;
  }

  get url(): string {
    return `${this.scheme}://${this.authority}`;
  }

  /**
   * Everything the server printed (stdout and stderr, in order), from line `from` on, within
   * PRINTED_CAP_BYTES: its first and last lines, with a line saying how much is not shown.
   */
  printed(from = 0): string {
    return this.output.text(from);
  }

  /** A mark to pass to printed(): what the server prints from now on. */
  mark(): number {
    return this.output.mark();
  }

  /** Resolves once the server has printed a line matching `pattern`; rejects after timeoutMs. */
  async waitForOutput(pattern: RegExp, timeoutMs = 5000, from = 0): Promise<string> {
    const [line] = await this.waitForLines(pattern, 1, timeoutMs, from);
    return line as string;
  }

  /**
   * Resolves with the first `count` lines matching `pattern` once there are that many. With
   * `untilQuiet`, timeoutMs counts from the last matching line, and running out resolves with the
   * lines that came: "until it stops printing them", whatever the machine's load.
   */
  waitForLines(
    pattern: RegExp,
    count: number,
    timeoutMs = 5000,
    from = 0,
    untilQuiet = false,
  ): Promise<string[]> {
    return new Promise((resolve, reject) => {
      // Each new line is tested once, as it comes: a server printing a million lines costs a
      // million tests, not a million scans of everything kept.
      const found = this.output
        .linesFrom(from)
        .filter((line) => pattern.test(line.text))
        .map((line) => line.text);
      const done = (): void => {
        if (found.length < count) return;
        cleanup();
        resolve(found.slice(0, count));
      };
      const runOut = () => {
        cleanup();
        if (untilQuiet) resolve(found);
        else
          reject(
            new Error(
              `the server printed ${found.length} line(s) matching ${pattern} within ${timeoutMs} ms, not ${count}`,
            ),
          );
      };
      let cancel = ioDeadline(timeoutMs, runOut);
      const unsubscribe = this.output.onLine((line) => {
        if (!pattern.test(line.text)) return;
        found.push(line.text);
        if (untilQuiet) {
          cancel();
          cancel = ioDeadline(timeoutMs, runOut);
        }
        done();
      });
      const cleanup = () => {
        cancel();
        unsubscribe();
      };
      done();
    });
  }

  /**
   * Sends `signal` to every process of the server and waits until they have all exited; SIGKILLs
   * what is left after graceMs. Resolves with the exit of the process we started.
   */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = STOP_GRACE_MS): Promise<Exit> {
    this.stopping ??= this.terminate(signal, graceMs);
    await this.stopping;
    return this.exit as Exit;
  }

  /** The pids of the server's processes still running (none, once stop() has resolved). */
  processIds(): number[] {
    return this.processes.find();
  }

  private async terminate(signal: NodeJS.Signals, graceMs: number): Promise<void> {
    const deadline = Date.now() + graceMs;
    if (signal !== 'SIGKILL') {
      this.processes.signal(signal);
      await within(this.exited, graceMs);
      // Its other processes (npm start's server, a worker) may still be finishing: poll, since a
      // process that is not our child tells us nothing when it exits.
      while (Date.now() < deadline && this.processes.find({ byCookie: false }).length > 0)
        await delay(100);
    }
    const survivors = await this.processes.killAll();
    if (survivors.length > 0)
      this.output.note(`(the harness could not kill process(es) ${survivors.join(', ')})`);
    await within(this.exited, PIPES_CLOSE_MS); // SIGKILLed, if it had not exited
    // Every writer is gone, so the pipes close; a process we could not find may still hold them.
    await within(this.closed, PIPES_CLOSE_MS);
    this.child.stdout?.destroy();
    this.child.stderr?.destroy();
    clearInterval(this.tracker);
    unlistServer(this.pid);
    running.delete(this);
  }
}

const LISTENING = /Listening on (\w+):\/\/(\[[^\]]+\]|[^\s:/]+):(\d+)/;

/** Spawns the command in a process group of its own, with its output captured. */
function start(options: LaunchOptions, env: Record<string, string>): Launched {
  const [program, ...args] = options.command;
  if (!program) throw new Error('launch: empty command');
  const processes = new ServerProcesses();
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, ...env, ...processes.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches its children too
  });
  return new Launched(child, `${options.command.join(' ')} (in ${options.cwd})`, processes);
}

/** Starts a server and resolves once it is ready to accept connections. */
export async function launch(options: LaunchOptions): Promise<Launched> {
  const server = start(options, { PORT: String(options.port ?? 0) });
  const spawnFailed = new Promise<never>((_, reject) => {
    server.child.on('error', (error) =>
      reject(new Error(`cannot start ${server.description}: ${error.message}`)),
    );
  });
  try {
    await Promise.race([ready(server, options), spawnFailed]);
  } catch (error) {
    await server.stop('SIGKILL');
    throw error;
  }
  return server;
}

async function ready(server: Launched, options: LaunchOptions): Promise<void> {
  const timeoutMs = options.readyTimeoutMs ?? READY_TIMEOUT_MS;
  const exitedEarly = server.exited.then(async (exit) => {
    await server.stop(); // its last lines are in once its pipes have closed
    throw new Error(
      `${server.description} exited (${describeExit(exit)}) before it was ready.\nIts output:\n${indent(server.printed())}`,
    );
  });
  if (options.port !== undefined) {
    server.port = options.port;
    await Promise.race([waitForPort(options.port, timeoutMs), exitedEarly]);
    return;
  }
  const line = await Promise.race([
    server.waitForOutput(LISTENING, timeoutMs).catch(() => {
      const ports = listenedPorts(server.processIds());
      const hint = ports.length
        ? ` (it does listen on port ${ports.join(', ')}: print the line once it does)`
        : '';
      throw new Error(
        `${server.description} did not print "Listening on http://HOST:PORT" within ${timeoutMs} ms${hint}.\nIts output:\n${indent(server.printed())}`,
      );
    }),
    exitedEarly,
  ]);
  const [, scheme, host, port] = LISTENING.exec(line) ?? [];
  server.scheme = scheme ?? 'http';
  server.host = (host ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  server.port = Number(port);
  const problem = await Promise.race([portProblem(server), exitedEarly]);
  if (problem) throw new Error(`${server.description} printed "${line.trim()}", but ${problem}`);
}
/**
 * What is wrong with the port a server says it listens on, if anything (Linux: from /proc; elsewhere
 * nothing can be checked). A server must listen where $PORT says, and on the port it prints:
 * otherwise the checks would talk to nothing, or to another program, another student's server.
 */
async function portProblem(server: Launched): Promise<string | undefined> {
  if (!hasProc) return undefined;
  const ephemeral = ephemeralPorts();
  if (ephemeral && (server.port < ephemeral.low || server.port > ephemeral.high))
    return `it was started with PORT=0 (any free port, which the system picks between ${ephemeral.low} and ${ephemeral.high}): port ${server.port} is a fixed port. Listen on the port in $PORT, and print that port.`;
  // A server may print its line a moment before it listens: look again, briefly.
  const deadline = Date.now() + 2000;
  for (;;) {
    const own = listenedPorts(server.processIds());
    if (own.includes(server.port)) return undefined;
    if (Date.now() > deadline) {
      const where = own.length ? ` (it listens on port ${own.join(', ')})` : '';
      return listenedPorts().includes(server.port)
        ? `port ${server.port} belongs to another program, not to this server${where}.`
        : `nothing listens on port ${server.port}${where}.`;
    }
    await delay(50); // a retry interval, not a synchronisation
  }
}

/** Linux's range for PORT=0 (net.ipv4.ip_local_port_range). */
function ephemeralPorts(): { low: number; high: number } | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8')
      .trim()
      .split(/\s+/)
      .map(Number);
    return low && high ? { low, high } : undefined;
  } catch {
    return undefined;
  }
}

/** The TCP ports in LISTEN state, of these processes (by their sockets' inodes), or of anyone. */
function listenedPorts(pids?: number[]): number[] {
  const inodes = pids && new Set(pids.flatMap(socketInodes));
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue; // no IPv6
    }
    // "sl local_address rem_address st ... inode": local_address is ADDR:PORT in hex, st 0A LISTEN.
    for (const row of text.split('\n').slice(1)) {
      const fields = row.trim().split(/\s+/);
      const [local, , state] = fields.slice(1, 4);
      const inode = fields[9];
      if (state !== '0A' || !local || !inode) continue;
      if (inodes && !inodes.has(inode)) continue;
      ports.add(Number.parseInt(local.slice(local.lastIndexOf(':') + 1), 16));
    }
  }
  return [...ports].sort((a, b) => a - b);
}

/** The inodes of a process's sockets, from its /proc/<pid>/fd links ("socket:[12345]"). */
function socketInodes(pid: number): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return []; // gone
  }
  return fds.flatMap((fd) => {
    try {
      return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1] ?? [];
    } catch {
      return [];
    }
  });
}

/** Polls until something accepts connections on the port (for servers with a fixed port). */
async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline)
      throw new Error(`nothing accepted connections on port ${port} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50)); // a retry interval, not a synchronisation
  }
}

/** Runs a command to its end (for checks like "a port in use exits 1"). */
export async function runToExit(
  options: LaunchOptions & { timeoutMs?: number },
): Promise<{ exit: Exit; stdout: string; stderr: string }> {
  const run = start(options, options.port === undefined ? {} : { PORT: String(options.port) });
  const timer = setTimeout(() => run.stop('SIGKILL'), options.timeoutMs ?? 10_000);
  const exit = await run.exited;
  await run.stop(); // what it left running is killed, and its last output lines are in
  clearTimeout(timer);
  return { exit, stdout: run.output.text(0, 'stdout'), stderr: run.output.text(0, 'stderr') };
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

export function indent(text: string, prefix = '  '): string {
  return text ? text.replace(/^/gm, prefix) : `${prefix}(nothing)`;
}
