// What a learner sees when a check fails: the bytes that went each way (escaped, so that a missing
// \r or a stray NUL shows), commands that repeat the request by hand, and the server's own output.
import type { RawConnection, Transcript } from './raw-client.ts';

const SHOWN_BYTES = 1200;

/** Bytes as readable text: printable ASCII as is, \r \n \t shown, anything else as \xNN. */
export function escapeBytes(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0x0d) text += '\\r';
    else if (byte === 0x0a) text += '\\n';
    else if (byte === 0x09) text += '\\t';
    else if (byte === 0x5c) text += '\\\\';
    else if (byte >= 0x20 && byte < 0x7f) text += String.fromCharCode(byte);
    else text += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return text;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 102nd: for "the 3rd client to ask". */
export function ordinal(n: number): string {
  const lastTwo = n % 100;
  const suffix =
    lastTwo >= 11 && lastTwo <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

/** Escaped bytes, one line per line of the original, each behind `prefix`; long runs shortened. */
export function quoteBytes(bytes: Buffer, prefix: string): string {
  const shown = bytes.subarray(0, SHOWN_BYTES);
  const lines: string[] = [];
  let start = 0;
  for (let i = 0; i < shown.length; i++) {
    if (shown[i] === 0x0a) {
      lines.push(escapeBytes(shown.subarray(start, i + 1)));
      start = i + 1;
    }
  }
  if (start < shown.length) lines.push(escapeBytes(shown.subarray(start)));
  if (bytes.length > SHOWN_BYTES) lines.push(`... (${bytes.length - SHOWN_BYTES} more bytes)`);
  return lines.map((line) => `${prefix}${line}`).join('\n');
}

/** A shell command that sends exactly these bytes, for when curl cannot (malformed requests). */
export function ncCommand(bytes: Buffer, host: string, port: number): string {
  const shown = bytes.length > SHOWN_BYTES ? bytes.subarray(0, SHOWN_BYTES) : bytes;
  const escaped = escapeBytes(shown).replace(/'/g, "'\\''").replace(/%/g, '%%');
  return `printf '${escaped}' | nc ${host} ${port}${bytes.length > SHOWN_BYTES ? '   # (first bytes only)' : ''}`;
}

/** `curl -v` repeating a well-formed request; undefined when the bytes are not one. */
export function curlCommand(bytes: Buffer, host: string, port: number): string | undefined {
  const text = bytes.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const [requestLine = '', ...fields] = text.slice(0, headEnd).split('\r\n');
  const match = /^([A-Z]+) (\/\S*) HTTP\/1\.[01]$/.exec(requestLine);
  if (!match) return undefined;
  const [, method, target] = match;
  const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
  const parts = ['curl -v --http1.1'];
  if (method === 'HEAD') parts.push('--head');
  else if (method !== 'GET') parts.push(`-X ${method}`);
  parts.push(
    '--path-as-is',
    quote(`http://${host.includes(':') ? `[${host}]` : host}:${port}${target}`),
  );
  for (const field of fields) {
    if (/^host:/i.test(field)) continue; // curl sends its own
    parts.push(`-H ${quote(field)}`);
  }
  const body = text.slice(headEnd + 4);
  if (body) parts.push(`--data-binary ${quote(body)}`);
  return parts.join(' ');
}

/**
 * An error that points at a byte the server sent: `within` is a piece of what was received (a
 * response head, a body), `offset` the wrong byte's place in it. The report puts a caret under it.
 */
export class WrongByte extends Error {
  constructor(
    message: string,
    readonly within: Buffer,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** One connection of a failing check, as the report shows it (bytes as latin1 text, JSON-safe). */
export interface ConnectionDetails {
  title: string;
  sent: string;
  /** How many pieces the bytes were sent in. */
  pieces: number;
  received: string;
  /** How it ended, in words: "the server closed the connection", ... */
  ending: string;
  /** The first wrong byte the server sent, as an offset into `received`. */
  wrongByteAt?: number;
  /** Commands that repeat the request by hand. */
  repeat: string[];
}

/** Everything a failure report shows, as data: the text report, JUnit and JSON results render it. */
export interface FailureDetails {
  connections: ConnectionDetails[];
  /** Earlier connections of the check, not shown. */
  notShown: number;
  outputs: { description: string; output: string }[];
}

function connectionEnding(connection: RawConnection): string {
  if (connection.error) return `the connection failed: ${connection.error.message}`;
  if (connection.ended) return 'the server closed the connection';
  if (connection.closedByUs) return 'the check closed the connection, before the server did';
  return 'the connection was still open';
}

function connectionDetails(
  connection: RawConnection,
  index: number,
  count: number,
  wrongByte: WrongByte | undefined,
): ConnectionDetails {
  const sent = Buffer.concat(connection.sent);
  const received = connection.received;
  const wrongByteAt = wrongByte && received.indexOf(wrongByte.within);
  const curl = curlCommand(sent, connection.host, connection.port);
  return {
    title: count > 1 ? `connection ${index + 1} of ${count}` : 'the connection',
    sent: sent.toString('latin1'),
    pieces: connection.sent.length,
    received: received.toString('latin1'),
    ending: connectionEnding(connection),
    ...(wrongByte && wrongByteAt !== undefined && wrongByteAt !== -1
      ? { wrongByteAt: wrongByteAt + wrongByte.offset }
      : {}),
    repeat: [
      ...(curl ? [curl] : []),
      ...(sent.length ? [ncCommand(sent, connection.host, connection.port)] : []),
    ],
  };
}

/** `quoteBytes`, plus a line with a caret under the byte at `at` (when it is shown). */
export function quoteBytesWithCaret(bytes: Buffer, prefix: string, at?: number): string {
  const quoted = quoteBytes(bytes, prefix);
  if (at === undefined || at >= SHOWN_BYTES || at >= bytes.length) return quoted;
  const lineStart = bytes.lastIndexOf(0x0a, at - 1) + 1;
  const lineIndex = bytes.subarray(0, lineStart).filter((byte) => byte === 0x0a).length;
  const column = prefix.length + escapeBytes(bytes.subarray(lineStart, at)).length;
  const lines = quoted.split('\n');
  lines.splice(lineIndex + 1, 0, `${' '.repeat(column)}^ the first wrong byte`);
  return lines.join('\n');
}

function formatConnection(details: ConnectionDetails): string {
  const sent = Buffer.from(details.sent, 'latin1');
  const received = Buffer.from(details.received, 'latin1');
  const lines = [`--- What went over ${details.title} (> sent, < received) ---`];
  lines.push(sent.length ? quoteBytes(sent, '> ') : '> (nothing sent)');
  if (details.pieces > 1) lines.push(`  (sent in ${details.pieces} pieces)`);
  lines.push(
    received.length
      ? quoteBytesWithCaret(received, '< ', details.wrongByteAt)
      : '< (nothing received)',
  );
  lines.push(`  (${details.ending})`);
  lines.push('--- Repeat it by hand, with your server running ---');
  lines.push(...details.repeat);
  return lines.join('\n');
}

export interface ReportInput {
  transcript: Transcript;
  serverOutput: string;
  serverDescription: string;
  /** Other instances the check started (a copy with planted files, other settings): theirs too. */
  otherServers?: { description: string; output: string }[];
  /** The check's error, when it points at a wrong byte. */
  error?: unknown;
}

/** What a failing check shows, as data. */
export function failureDetails({
  transcript,
  serverOutput,
  serverDescription,
  otherServers = [],
  error,
}: ReportInput): FailureDetails {
  // The last connections are the ones that failed; a check with 200 connections shows a few.
  const count = transcript.connections.length;
  const shown = transcript.connections.slice(-3);
  const notShown = count - shown.length;
  const wrongByte = error instanceof WrongByte ? error : undefined;
  return {
    connections: shown.map((connection, i) =>
      connectionDetails(connection, i + notShown, count, wrongByte),
    ),
    notShown,
    outputs: [{ description: serverDescription, output: serverOutput }, ...otherServers],
  };
}

/** The server's output, each line behind `[your server]`. */
export function quoteOutput(output: string): string {
  return output ? output.replace(/^/gm, '[your server] ') : '[your server] (nothing)';
}

/** The connections of a failure, as text (the server output is left to the caller). */
export function formatConnections(details: FailureDetails): string {
  const parts: string[] = [];
  if (details.notShown > 0) parts.push(`(${details.notShown} earlier connections not shown)`);
  parts.push(...details.connections.map(formatConnection));
  return parts.join('\n');
}

/** The whole failure report as text: connections, then every server's output. */
export function formatFailure(details: FailureDetails): string {
  const parts = [formatConnections(details)].filter(Boolean);
  for (const { description, output } of details.outputs) {
    parts.push(`--- Your server's output (${description}) ---`);
    parts.push(quoteOutput(output));
  }
  return parts.join('\n');
}

/** The text appended to a failing check's message. */
export function failureReport(input: ReportInput): string {
  return formatFailure(failureDetails(input));
}

/**
 * Throws unless `actual` equals `expected`, showing both around the first byte that differs,
 * with a caret under it.
 */
export function expectSameBytes(actual: Buffer, expected: Buffer, what: string): void {
  if (actual.equals(expected)) return;
  let at = 0;
  while (at < actual.length && at < expected.length && actual[at] === expected[at]) at++;
  const from = Math.max(0, at - 40);
  const expectedText = escapeBytes(expected.subarray(from, at + 40));
  const actualText = escapeBytes(actual.subarray(from, at + 40));
  const caretAt = escapeBytes(expected.subarray(from, at)).length;
  const lengths =
    actual.length === expected.length
      ? ''
      : ` (expected ${expected.length} bytes, got ${actual.length})`;
  throw new WrongByte(
    `${what}: first difference at byte ${at}${lengths}\n` +
      `  expected: ${expectedText}\n` +
      `  received: ${actualText}\n` +
      `            ${' '.repeat(caretAt)}^`,
    actual,
    at,
  );
}
