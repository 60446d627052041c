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

function describeConnection(connection: RawConnection, index: number, count: number): string {
  const sent = Buffer.concat(connection.sent);
  const title = count > 1 ? `connection ${index + 1} of ${count}` : 'the connection';
  const lines = [`--- What went over ${title} (> sent, < received) ---`];
  lines.push(sent.length ? quoteBytes(sent, '> ') : '> (nothing sent)');
  if (connection.sent.length > 1) lines.push(`  (sent in ${connection.sent.length} pieces)`);
  lines.push(
    connection.received.length ? quoteBytes(connection.received, '< ') : '< (nothing received)',
  );
  if (connection.error) lines.push(`  (the connection failed: ${connection.error.message})`);
  else if (connection.ended) lines.push('  (the server closed the connection)');
  else if (connection.closedByUs)
    lines.push('  (the check closed the connection, before the server did)');
  else lines.push('  (the connection was still open)');
  const curl = curlCommand(sent, connection.host, connection.port);
  lines.push('--- Repeat it by hand, with your server running ---');
  if (curl) lines.push(curl);
  if (sent.length) lines.push(ncCommand(sent, connection.host, connection.port));
  return lines.join('\n');
}

export interface ReportInput {
  transcript: Transcript;
  serverOutput: string;
  serverDescription: string;
  /** Other instances the check started (a copy with planted files, other settings): theirs too. */
  otherServers?: { description: string; output: string }[];
}

/** The text appended to a failing check's message. */
export function failureReport({
  transcript,
  serverOutput,
  serverDescription,
  otherServers = [],
}: ReportInput): string {
  const parts: string[] = [];
  // The last connections are the ones that failed; a check with 200 connections shows a few.
  const shown = transcript.connections.slice(-3);
  const skipped = transcript.connections.length - shown.length;
  if (skipped > 0) parts.push(`(${skipped} earlier connections not shown)`);
  shown.forEach((connection, i) => {
    parts.push(describeConnection(connection, i + skipped, transcript.connections.length));
  });
  const outputs = [{ description: serverDescription, output: serverOutput }, ...otherServers];
  for (const { description, output } of outputs) {
    parts.push(`--- Your server's output (${description}) ---`);
    parts.push(output ? output.replace(/^/gm, '[your_program] ') : '[your_program] (nothing)');
  }
  return parts.join('\n');
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
  throw new Error(
    `${what}: first difference at byte ${at}${lengths}\n` +
      `  expected: ${expectedText}\n` +
      `  received: ${actualText}\n` +
      `            ${' '.repeat(caretAt)}^`,
  );
}
