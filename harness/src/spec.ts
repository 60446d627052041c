// A chapter's spec is a list of checks: plain async functions that talk to a running server and
// throw when it misbehaves. The matrix runs them against every step they apply to; the mutant tests
// run them against deliberately broken servers and expect them to throw.
import type { Launched, LaunchOptions } from './launch.ts';
import type { HttpResponse, RawConnection, SendOptions, Transcript } from './raw-client.ts';
import type { Target } from './targets.ts';

export interface CheckContext {
  /** The server under test, running. */
  server: Launched;
  target: Target;
  transcript: Transcript;
  /** Opens a recorded raw connection to the server (or to another instance from launch()). */
  connect(to?: Launched): Promise<RawConnection>;
  /** Connects, sends the bytes (in pieces if asked), reads one response. */
  exchange(bytes: Buffer | string, options?: ExchangeOptions): Promise<Exchanged>;
  /** A well-formed GET (HTTP/1.1, with Host) of `path`, plus any extra header lines. */
  get(path: string, headerLines?: string[], to?: Launched): Promise<Exchanged>;
  /** Starts another instance of the target; it is stopped after the check. */
  launch(options?: Partial<Pick<LaunchOptions, 'env' | 'port' | 'cwd'>>): Promise<Launched>;
  /** Starts an instance from a private copy of the target's folder, to change its files. */
  launchCopy(): Promise<{ server: Launched; dir: string }>;
  /**
   * Asserts that the server (or another instance from launch()) still serves a new client (an
   * echo, or an HTTP response).
   */
  stillServes(to?: Launched): Promise<void>;
  /** Skips the check (a missing tool on a learner's machine); never under CI=true. */
  skip(reason: string): never;
}

export interface ExchangeOptions extends SendOptions {
  /** Another instance (from launch()) to talk to instead of the server under test. */
  to?: Launched;
  /** The response has no body (an answer to HEAD). */
  bodyless?: boolean;
  timeoutMs?: number;
  /** Wait for the server to close the connection after the response (and fail if it does not). */
  expectClose?: boolean;
}

export interface Exchanged {
  response: HttpResponse;
  connection: RawConnection;
}

export interface Check {
  name: string;
  run(t: CheckContext): Promise<void>;
  timeoutMs?: number;
  /** Runs against a server of its own (it stops the server, or measures its memory). */
  fresh?: boolean;
  /** The last chapter it applies to, when a later chapter replaces this one behaviour. */
  until?: number;
  /**
   * Costly (hundreds of requests, a browser, timeouts of seconds): npm test's matrix runs it
   * against the first and the last step it applies to, not every step between. Grading a server
   * always runs it.
   */
  expensive?: boolean;
}

export interface Spec {
  /** e.g. "02-hello-http". */
  id: string;
  title: string;
  /** The first chapter whose step must pass it. */
  from: number;
  /** The last one, when a later chapter replaces the behaviour. */
  until?: number;
  /**
   * Part of the step contract (how a server starts, stops, survives bad input), checked in every
   * chapter rather than taught by one: a report shows a chapter's own failures first.
   */
  contract?: boolean;
  checks: Check[];
}

export function appliesTo(spec: Spec, chapter: number): boolean {
  return chapter >= spec.from && chapter <= (spec.until ?? Number.POSITIVE_INFINITY);
}

/** The spec's checks that a step of this chapter must pass. */
export function checksFor(spec: Spec, chapter: number): Check[] {
  return spec.checks.filter((check) => chapter <= (check.until ?? Number.POSITIVE_INFINITY));
}

/** The first and last chapters a check applies to, of those the course has (`newest`). */
export function checkSpan(spec: Spec, check: Check, newest: number): [number, number] {
  return [spec.from, Math.min(check.until ?? newest, spec.until ?? newest, newest)];
}

/** A check by name, for mutant tests; throws if a spec no longer has it. */
export function checkNamed(spec: Spec, name: string): Check {
  const check = spec.checks.find((c) => c.name === name);
  if (!check) throw new Error(`spec ${spec.id} has no check named "${name}"`);
  return check;
}

/**
 * A check's stable id, for result files and `hint`: the spec's id and the check's name as a slug,
 * e.g. "02-hello-http/answers-http-1-1-200-ok-with-crlf-line-ends". It changes only when the name does.
 */
export function checkId(spec: Spec, check: Check): string {
  const slug = check.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return `${spec.id}/${slug}`;
}
