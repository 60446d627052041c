// Runs one check against a target, and turns its failure into a report a learner can act on.

import { MissingToolError } from './clients.ts';
import { describeExit, type Launched, type LaunchOptions, launch } from './launch.ts';
import { RawConnection, requestHead, Transcript } from './raw-client.ts';
import { type FailureDetails, failureDetails, formatFailure } from './report.ts';
import type { Check, CheckContext, Exchanged, ExchangeOptions } from './spec.ts';
import { copyTarget, type Target } from './targets.ts';

export class SkipCheck extends Error {}

/** What runCheck adds to a failing check's error (as `error.check`), for reports and result files. */
export interface CheckFailure {
  /** What the check expected and what went wrong (the error's own message, plus notes). */
  expectation: string;
  details: FailureDetails;
}

/** The CheckFailure runCheck attached to an error, if any. */
export function checkFailureOf(error: unknown): CheckFailure | undefined {
  return (error as { check?: CheckFailure } | undefined)?.check;
}

export function launchTarget(
  target: Target,
  options: Partial<Pick<LaunchOptions, 'env' | 'port' | 'cwd' | 'readyTimeoutMs'>> = {},
) {
  return launch({
    cwd: options.cwd ?? target.cwd,
    command: target.command,
    env: { ...target.env, ...options.env },
    port: options.port ?? target.port,
    readyTimeoutMs: options.readyTimeoutMs,
  });
}

function createContext(target: Target, server: Launched, extra: Launched[]): CheckContext {
  const transcript = new Transcript();
  const connect = (to = server) => RawConnection.open(to.port, to.host, transcript);

  const exchange = async (
    bytes: Buffer | string,
    options: ExchangeOptions = {},
  ): Promise<Exchanged> => {
    const connection = await connect(options.to);
    try {
      await connection.send(bytes, options);
      const response = await connection.readResponse(options);
      if (options.expectClose) {
        await connection.readUntilClose(options.timeoutMs).catch(() => {
          throw new Error(
            'the server did not close the connection after its response (it said Connection: close?)',
          );
        });
      }
      return { response, connection };
    } finally {
      if (!options.expectClose) connection.close();
    }
  };

  const echoes = async (to: Launched) => {
    const connection = await connect(to);
    await connection.send('still there?');
    connection.halfClose();
    const echoed = await connection.readUntilClose();
    if (echoed.toString('latin1') !== 'still there?')
      throw new Error('it was not echoed its bytes');
  };
  const answers = async (to: Launched) => {
    const { response } = await context.get('/', [], to);
    if (!response.status) throw new Error(`it got no valid status line: ${response.statusLine}`);
  };

  const context: CheckContext = {
    server,
    target,
    transcript,
    connect,
    exchange,
    get: (path, headerLines = [], to = server) =>
      exchange(requestHead('GET', path, to.authority, headerLines), { to }),
    async launch(options = {}) {
      const another = await launchTarget(target, options);
      extra.push(another);
      return another;
    },
    async launchCopy() {
      const copy = copyTarget(target);
      const another = await launchTarget(copy);
      extra.push(another);
      return { server: another, dir: copy.cwd };
    },
    async stillServes(to = server) {
      try {
        await (to.scheme === 'tcp' ? echoes(to) : answers(to));
      } catch (error) {
        // A server that just crashed resets or refuses us: say so, rather than "connection reset".
        await exitedWithin(to, 1000);
        if (to.exit) throw new Error(`the server is no longer running (${describeExit(to.exit)})`);
        throw new Error(`a new client was not served: ${(error as Error).message}`);
      }
    },
    skip(reason) {
      throw new SkipCheck(reason);
    },
  };
  return context;
}

/** Resolves when the server has exited or `ms` have passed, whichever comes first. */
function exitedWithin(server: Launched, ms: number): Promise<unknown> {
  if (server.exit) return Promise.resolve();
  return Promise.race([server.exited, new Promise((resolve) => setTimeout(resolve, ms))]);
}

/**
 * Runs `check` against `shared` (a running instance of `target`), or against a fresh instance.
 * On failure, the error's message gains the exchange, commands to repeat it and the server output.
 */
export async function runCheck(check: Check, target: Target, shared?: Launched): Promise<void> {
  const extra: Launched[] = [];
  // A shared server that died in an earlier check would fail every check after it, each blaming
  // itself: this check gets a fresh instance instead, and the report says why.
  const crashedBefore = shared?.exit;
  const server = shared && !crashedBefore ? shared : await launchTarget(target);
  if (server !== shared) extra.push(server);
  const mark = server.mark();
  const context = createContext(target, server, extra);
  try {
    await check.run(context);
  } catch (error) {
    if (error instanceof MissingToolError && !process.env.CI) throw new SkipCheck(error.message);
    if (error instanceof SkipCheck) {
      if (process.env.CI)
        throw new Error(`under CI=true a check may not be skipped: ${error.message}`);
      throw error;
    }
    if (error instanceof Error) {
      const others = extra.filter((s) => s !== server);
      const instances = [server, ...others];
      // A crash closes the connection a moment before the exit is reported: wait for it, briefly.
      await Promise.all(instances.map((s) => exitedWithin(s, 500)));
      const notes = [
        crashedBefore &&
          `(Your server had exited during an earlier check (${describeExit(crashedBefore)}); this check started a new one.)`,
        ...instances.map(
          (s) => s.exit && `Your server exited during this check (${describeExit(s.exit)}).`,
        ),
      ].filter(Boolean);
      const details = failureDetails({
        transcript: context.transcript,
        serverOutput: server.printed(mark),
        serverDescription: target.name,
        otherServers: others.map((s, i) => ({
          description: `another instance this check started (${i + 1} of ${others.length})`,
          output: s.printed(),
        })),
        error,
      });
      const expectation = `${error.message}${notes.map((note) => `\n${note}`).join('')}`;
      Object.assign(error, { check: { expectation, details } satisfies CheckFailure });
      // Defined, not assigned: a DOMException (fetch's TimeoutError) has a read-only message, and
      // assigning it threw a TypeError that hid what had failed.
      Object.defineProperty(error, 'message', {
        value: `${expectation}\n\n${formatFailure(details)}`,
        configurable: true,
        writable: true,
      });
    }
    throw error;
  } finally {
    for (const connection of context.transcript.connections) connection.close();
    await Promise.all(extra.map((s) => s.stop()));
  }
}
