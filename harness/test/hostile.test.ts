// A grader no student server can break: each way a server can be hostile by accident (hostile/),
// through the path grading takes (launchTarget, runCheck), must be reported, bounded in time and
// memory, and leave no process behind.

import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findStep } from '@hfs/tools/course.ts';
import { describe, expect, it, type TestContext } from 'vitest';
import { helloHttpSpec } from '../specs/02-hello-http.ts';
import {
  type Launched,
  LINE_CAP_CHARS,
  PRINTED_CAP_BYTES,
  READY_TIMEOUT_MS,
  STOP_GRACE_MS,
} from '../src/launch.ts';
import { reapAbandonedRuns, ServerProcesses, startRun } from '../src/leftovers.ts';
import { launchTarget, runCheck } from '../src/run-check.ts';
import { checkNamed } from '../src/spec.ts';
import { stepTarget, type Target } from '../src/targets.ts';

const hostileDir = fileURLToPath(new URL('../hostile/', import.meta.url));
const answers200 = checkNamed(helloHttpSpec, 'answers HTTP/1.1 200 OK with CRLF line ends');

/**
 * A hostile server as a target. It gets a tag of its own on its command line (its children too),
 * so that the test finds its processes in /proc by itself, without the launcher's bookkeeping,
 * and, once the test has finished, finds none.
 */
function hostile(
  test: TestContext,
  script: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Target {
  const tag = `hostile-${randomBytes(6).toString('hex')}`;
  test.onTestFinished(() => {
    expect(runningWith(tag), `processes of ${script} left running`).toEqual([]);
  });
  return {
    name: `hostile/${script} ${args.join(' ')}`,
    cwd: hostileDir,
    command: [process.execPath, join(hostileDir, script), ...args, tag],
    env,
    chapter: 2,
  };
}

/**
 * Processes (not zombies: this machine's init never reaps) whose command line holds the tag. Read
 * from /proc here, not with leftovers.ts's allProcesses: an oracle of its own, so that a bug there
 * cannot make "nothing left running" pass.
 */
function runningWith(tag: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (/^[ZX]$/.test(stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3))) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(tag)) pids.push(Number(entry));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

/** The launch's error, and how long it took to come. */
async function failure(started: Promise<unknown>): Promise<{ message: string; ms: number }> {
  const t0 = Date.now();
  const message = await started.then(
    () => 'it did not fail',
    (error: Error) => error.message,
  );
  return { message, ms: Date.now() - t0 };
}

const pidsPrinted = (server: Launched) =>
  [...server.printed().matchAll(/^pid (\d+) /gm)].map((match) => Number(match[1]));

function portIsClosed(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

/**
 * How much this process's resident memory grew at its peak while `work` ran, in bytes: the kernel
 * keeps the peak (VmHWM), which "5" in clear_refs resets to the current size.
 */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  const kib = (field: string) =>
    Number(
      new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync('/proc/self/status', 'utf8'))?.[1],
    ) * 1024;
  writeFileSync('/proc/self/clear_refs', '5');
  const before = kib('VmRSS');
  await work();
  return kib('VmHWM') - before;
}

describe('a server that prints 50 MB', () => {
  it('is read as fast as it prints, its output capped, the grader memory flat', async (test) => {
    // 5 MB before its Listening line, 45 MB after: what comes before must arrive within
    // READY_TIMEOUT_MS even on a loaded machine (25 MB took more than 10 s on a CI run once, where
    // it takes 0.4 s alone), and the cap and the grader's memory are measured on all 50 MB.
    const target = hostile(test, 'flood.mjs', ['5', '45']);
    let server: Launched | undefined;
    const growth = await peakGrowth(async () => {
      server = await launchTarget(target); // after 5 MB, among them one line of 1 MB
      await runCheck(answers200, target, server); // answered while it floods
      await server.waitForOutput(/^flood done$/, 60_000);
    });
    const printed = server?.printed() ?? '';
    await server?.stop();
    // Measured here: 21 MB for this 50 MB flood, 36 MB for 200 MB (what the garbage collector
    // lets pile up before it runs); 134 MB for this one with no cap on what is kept.
    expect(growth, 'the grader holds none of the flood').toBeLessThan(40_000_000);
    expect(printed.length).toBeLessThan(PRINTED_CAP_BYTES + LINE_CAP_CHARS + 200);
    expect(printed).toMatch(/^flood starts\nflood line 1 x+\n/);
    expect(printed).toMatch(/\n\.\.\. \d{6} lines \/ (49|50)\.\d MB not shown \.\.\.\n/);
    expect(printed).toMatch(/\nflood done$/);
  }, 90_000);

  it('a line of megabytes without a newline is cut', async (test) => {
    const server = await launchTarget(hostile(test, 'flood.mjs', ['5', '0']));
    await server.waitForOutput(/^flood done$/);
    await server.stop();
    expect(server.printed()).toMatch(
      /\na long line: y{1000,} \.\.\. \([\d.]+ [KM]B more on this line\)\n/,
    );
  });
});

/**
 * How much later than its own wait a bounded wait may end: what these tests tell apart is a wait
 * that ends (5 s, say) from one that never does (the 30 s test timeout). A CI run with every
 * package's tests on 2 cores has ended a 5 s wait after 7.2 s.
 */
const SLACK_MS = 5000;

describe.concurrent('a hostile server', () => {
  it(`that never prints "Listening on" fails after readyTimeoutMs (default ${READY_TIMEOUT_MS} ms), with what it printed`, async (test) => {
    const { message, ms } = await failure(
      launchTarget(hostile(test, 'never-listens.mjs'), { readyTimeoutMs: 3000 }),
    );
    expect(message).toMatch(/did not print "Listening on http:\/\/HOST:PORT" within 3000 ms\./);
    expect(message).toMatch(/\n {2}starting up: reading the configuration\n/);
    expect(message).toMatch(/\n {2}\.\.\. \d+ lines \/ [\d.]+ KB not shown \.\.\.\n/);
    expect(message).toMatch(/\n {2}still starting\.\.\.$/);
    expect(message.length).toBeLessThan(PRINTED_CAP_BYTES + 1000);
    expect(ms).toBeLessThan(3000 + SLACK_MS);
  });

  it('that listens without saying so is told the port it listens on', async (test) => {
    const { message } = await failure(
      launchTarget(hostile(test, 'never-listens.mjs', ['listen']), { readyTimeoutMs: 2000 }),
    );
    expect(message).toMatch(
      /within 2000 ms \(it does listen on port \d+: print the line once it does\)/,
    );
  });

  it('that exits at start is reported at once, with its exit code and output', async (test) => {
    const { message, ms } = await failure(
      runCheck(answers200, hostile(test, 'exits-at-start.mjs')),
    );
    expect(message).toMatch(/exited \(exit code 3\) before it was ready\.\nIts output:\n/);
    expect(message).toMatch(/ {2}reading config\.json\n {2}Error: ENOENT: no such file/);
    expect(ms, 'well before the Listening line is given up on').toBeLessThan(READY_TIMEOUT_MS / 2);
  });

  it('that is killed at start is reported with the signal', async (test) => {
    const { message } = await failure(
      runCheck(answers200, hostile(test, 'exits-at-start.mjs', ['signal'])),
    );
    expect(message).toMatch(/exited \(killed by SIGKILL\) before it was ready/);
  });

  it(`that ignores SIGTERM is SIGKILLed after STOP_GRACE_MS (${STOP_GRACE_MS} ms)`, async (test) => {
    const server = await launchTarget(hostile(test, 'ignores-sigterm.mjs'));
    const t0 = Date.now();
    const exit = await server.stop();
    const ms = Date.now() - t0;
    expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
    expect(server.printed()).toMatch(/SIGTERM\? no\./);
    expect(ms).toBeGreaterThanOrEqual(STOP_GRACE_MS - 50);
    expect(ms).toBeLessThan(STOP_GRACE_MS + SLACK_MS);
  });

  for (const [mode, processes] of [
    ['group', 2],
    ['setsid', 2],
    ['daemon', 3],
    ['no-env', 2],
  ] as const) {
    it(`whose child keeps the port (${mode}) is stopped with every process it started`, async (test) => {
      const target = hostile(test, 'forks.mjs', [mode]);
      const server = await launchTarget(target);
      const pids = pidsPrinted(server);
      expect(pids, 'every process said its pid before the Listening line').toHaveLength(processes);
      await runCheck(answers200, target, server);
      const t0 = Date.now();
      await server.stop();
      expect(Date.now() - t0).toBeLessThan(STOP_GRACE_MS + SLACK_MS);
      expect(pids.filter(isRunning), 'processes still running').toEqual([]);
      expect(await portIsClosed(server.port), `port ${server.port} is free again`).toBe(true);
    });
  }

  it('that ignores PORT (PORT=0 taken for "use my fixed port") fails, naming the port it should use', async (test) => {
    const fixed = await freePort(20_000, 32_767);
    const { message } = await failure(
      launchTarget(hostile(test, 'wrong-port.mjs', ['fixed'], { FIXED_PORT: String(fixed) })),
    );
    expect(message).toMatch(
      new RegExp(
        `it was started with PORT=0 \\(any free port, .*\\): port ${fixed} is a fixed port\\. Listen on the port in \\$PORT`,
      ),
    );
  });

  it('that prints a port nothing listens on fails, saying where it does listen', async (test) => {
    const claimed = await freePort(32_768, 60_999);
    const { message } = await failure(
      launchTarget(hostile(test, 'wrong-port.mjs', ['claims'], { CLAIMED_PORT: String(claimed) })),
    );
    expect(message).toMatch(
      new RegExp(
        `printed "Listening on http://127\\.0\\.0\\.1:${claimed}", but nothing listens on port ${claimed} \\(it listens on port \\d+\\)\\.`,
      ),
    );
  });

  it("that prints another program's port (another student's server) is never graded against it", async (test) => {
    const other = net.createServer((socket) => socket.end('HTTP/1.1 200 OK\r\n\r\n'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const port = (other.address() as net.AddressInfo).port;
    try {
      const { message } = await failure(
        runCheck(
          answers200,
          hostile(test, 'wrong-port.mjs', ['claims'], { CLAIMED_PORT: String(port) }),
        ),
      );
      expect(message).toMatch(
        new RegExp(
          `but port ${port} belongs to another program, not to this server \\(it listens on port \\d+\\)\\.`,
        ),
      );
    } finally {
      other.close();
    }
  });

  it("whatever it does, never changes another student's result, run at the same time", async (test) => {
    const step = findStep('02');
    if (!step) throw new Error('no step 02');
    const good = stepTarget(step);
    const flood = hostile(test, 'flood.mjs', ['10', '10']);
    const hangs = hostile(test, 'hangs.mjs');
    const servers = await Promise.all([good, flood, hangs].map((target) => launchTarget(target)));
    const [goodServer, flooding, hanging] = servers as [Launched, Launched, Launched];
    try {
      await Promise.all([
        runCheck(answers200, good, goodServer),
        runCheck(answers200, flood, flooding),
        expect(runCheck(answers200, hangs, hanging)).rejects.toThrow(/timed out/),
        runCheck(answers200, good), // and on a fresh one
      ]);
      expect(goodServer.printed()).not.toMatch(/flood|not answering/);
      expect(new Set(servers.map((server) => server.port)).size).toBe(3);
    } finally {
      await Promise.all(servers.map((server) => server.stop()));
    }
  });

  it('that hangs on one request fails that check, saying what it waited for; the next check runs', async (test) => {
    const target = hostile(test, 'hangs.mjs');
    const server = await launchTarget(target);
    try {
      const { message, ms } = await failure(runCheck(answers200, target, server));
      expect(message).toMatch(/^timed out after 5000 ms waiting for a complete HTTP response/);
      expect(ms).toBeLessThan(5000 + SLACK_MS);
      await runCheck(answers200, target, server);
    } finally {
      await server.stop();
    }
  });
});

describe('a grader killed before it could stop its servers', () => {
  it("has its servers' escaped processes killed by the next run: by cookie, or as listed", async () => {
    const parent = mkdtempSync(join(tmpdir(), 'hfs-hostile-'));
    try {
      // Left by a killed run, each in a session of its own: a daemon carrying its server's
      // cookie, and a child with an empty environment that the run had found and listed.
      const processes = new ServerProcesses();
      const sleeper = (env: NodeJS.ProcessEnv) => {
        const child = spawn('sleep', ['60'], { detached: true, stdio: 'ignore', env });
        const killed = new Promise((resolve) =>
          child.on('exit', (_code, signal) => resolve(signal)),
        );
        return { pid: child.pid as number, killed };
      };
      const daemon = sleeper({ ...process.env, ...processes.env });
      const bare = sleeper({});
      const run = startRun(parent);
      const start = (pid: number) => {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      };
      writeFileSync(
        join(run, 'servers', String(spawnSync('true').pid)),
        `${processes.cookie}\n${bare.pid} ${start(bare.pid)}\n`,
      );
      writeFileSync(join(run, 'owner'), String(spawnSync('true').pid)); // an owner that is gone
      reapAbandonedRuns(parent);
      expect(await Promise.all([daemon.killed, bare.killed])).toEqual(['SIGKILL', 'SIGKILL']);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });
});

function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

/** A port between low and high that nothing listens on now (PORT=0 gives 32768-60999 here). */
async function freePort(low: number, high: number): Promise<number> {
  for (;;) {
    const port = low + Math.floor(Math.random() * (high - low + 1));
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
