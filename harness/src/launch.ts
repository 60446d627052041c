// Starts a server (a course step, a mutant, or any command in any folder), waits until it is
// ready, captures everything it prints, and makes sure it is stopped, whatever happens to the test.
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { listServer, signalGroup, unlistServer } from './leftovers.ts';

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
  /** How long the server may take to become ready. */
  readyTimeoutMs?: number;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface OutputLine {
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Captures a child's output as lines, as they come. */
class OutputLog {
  readonly lines: OutputLine[] = [];
  private partial = { stdout: '', stderr: '' };
  private listeners = new Set<() => void>();

  attach(child: ChildProcess): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.setEncoding('utf8');
      child[stream]?.on('data', (text: string) => this.add(stream, text));
      child[stream]?.on('end', () => this.flush(stream));
    }
  }

  private add(stream: 'stdout' | 'stderr', text: string): void {
    const parts = (this.partial[stream] + text).split('\n');
    this.partial[stream] = parts.pop() ?? '';
    for (const line of parts) this.lines.push({ stream, text: line.replace(/\r$/, '') });
    for (const listener of this.listeners) listener();
  }

  private flush(stream: 'stdout' | 'stderr'): void {
    if (this.partial[stream]) this.add(stream, '\n');
  }

  onLine(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  text(from = 0, stream?: 'stdout' | 'stderr'): string {
    return this.lines
      .slice(from)
      .filter((line) => !stream || line.stream === stream)
      .map((line) => line.text)
      .join('\n');
  }
}

const running = new Set<ChildProcess>();

// Whatever ends the test process (a failure, a timeout, Ctrl-C), no server is left behind.
function killAllNow(): void {
  for (const child of running) killGroup(child, 'SIGKILL');
}
process.on('exit', killAllNow);

/** Signals the child's whole process group, so `npm start` and its node child both get it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  if (!signalGroup(child.pid, signal)) child.kill(signal); // not a group leader after all
}

export class Launched {
  readonly output = new OutputLog();
  /** The process has exited. */
  readonly exited: Promise<Exit>;
  /** The process has exited and its output streams are closed: every line is in. */
  readonly closed: Promise<void>;
  /** Set once the server is ready. */
  host = '127.0.0.1';
  port = 0;
  /** From the Listening line: 'tcp' (chapter 1), 'http' (later ones); 'http' for a fixed port. */
  scheme = 'http';
  exit: Exit | undefined;

  constructor(
    readonly child: ChildProcess,
    readonly description: string,
  ) {
    running.add(child);
    if (child.pid !== undefined) listServer(child.pid); // its own group: detached
    this.output.attach(child);
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        running.delete(child);
        if (child.pid !== undefined) unlistServer(child.pid);
        this.exit = { code, signal };
        resolve(this.exit);
      });
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

  /** Everything the server printed (stdout and stderr, in order), from line `from` on. */
  printed(from = 0): string {
    return this.output.text(from);
  }

  /** A mark to pass to printed(): what the server prints from now on. */
  mark(): number {
    return this.output.lines.length;
  }

  /** Resolves once the server has printed a line matching `pattern`; rejects after timeoutMs. */
  async waitForOutput(pattern: RegExp, timeoutMs = 5000, from = 0): Promise<string> {
    const [line] = await this.waitForLines(pattern, 1, timeoutMs, from);
    return line as string;
  }

  /** Resolves with the first `count` lines matching `pattern` once there are that many. */
  waitForLines(pattern: RegExp, count: number, timeoutMs = 5000, from = 0): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const matching = () => this.output.lines.slice(from).filter((l) => pattern.test(l.text));
      const find = (): void => {
        const lines = matching();
        if (lines.length < count) return;
        cleanup();
        resolve(lines.slice(0, count).map((l) => l.text));
      };
      const timer = setTimeout(() => {
        cleanup();
        const found = matching().length;
        reject(
          new Error(
            `the server printed ${found} line(s) matching ${pattern} within ${timeoutMs} ms, not ${count}`,
          ),
        );
      }, timeoutMs);
      const unsubscribe = this.output.onLine(find);
      const cleanup = () => {
        clearTimeout(timer);
        unsubscribe();
      };
      find();
    });
  }

  /** Sends `signal` and waits for the exit; SIGKILLs the group if it has not exited by timeoutMs. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 5000): Promise<Exit> {
    if (this.exit) return this.exit;
    killGroup(this.child, signal);
    const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), timeoutMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }
}

const LISTENING = /Listening on (\w+):\/\/(\[[^\]]+\]|[^\s:/]+):(\d+)/;

/** Starts a server and resolves once it is ready to accept connections. */
export async function launch(options: LaunchOptions): Promise<Launched> {
  const [program, ...args] = options.command;
  if (!program) throw new Error('launch: empty command');
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env, PORT: String(options.port ?? 0) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so stop() reaches its children too
  });
  const server = new Launched(child, `${options.command.join(' ')} (in ${options.cwd})`);
  const spawnFailed = new Promise<never>((_, reject) => {
    child.on('error', (error) =>
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
  const timeoutMs = options.readyTimeoutMs ?? 10_000;
  const exitedEarly = server.exited.then((exit) => {
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
      throw new Error(
        `${server.description} did not print "Listening on http://HOST:PORT" within ${timeoutMs} ms.\nIts output:\n${indent(server.printed())}`,
      );
    }),
    exitedEarly,
  ]);
  const [, scheme, host, port] = LISTENING.exec(line) ?? [];
  server.scheme = scheme ?? 'http';
  server.host = (host ?? '127.0.0.1').replace(/^\[|\]$/g, '');
  server.port = Number(port);
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
  const [program, ...args] = options.command;
  if (!program) throw new Error('runToExit: empty command');
  const child = spawn(program, args, {
    cwd: options.cwd,
    env: {
      ...process.env,
      ...options.env,
      ...(options.port !== undefined && { PORT: String(options.port) }),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const run = new Launched(child, options.command.join(' '));
  const timer = setTimeout(() => killGroup(child, 'SIGKILL'), options.timeoutMs ?? 10_000);
  const exit = await run.exited;
  await run.closed; // its last output lines are in
  clearTimeout(timer);
  return { exit, stdout: run.output.text(0, 'stdout'), stderr: run.output.text(0, 'stderr') };
}

export function describeExit(exit: Exit): string {
  return exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
}

export function indent(text: string, prefix = '  '): string {
  return text ? text.replace(/^/gm, prefix) : `${prefix}(nothing)`;
}
