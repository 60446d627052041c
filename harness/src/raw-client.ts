// A client that sees every byte: it sends exactly the bytes a check chooses, in the pieces and
// with the pauses it chooses, and keeps everything that comes back. Every connection is recorded
// so that a failing check can show the learner the whole exchange.

import net from 'node:net';
import { ioDeadline } from './io-deadline.ts';
import { escapeBytes, WrongByte } from './report.ts';

export interface SendOptions {
  /** Split the bytes into pieces of this many bytes (1: one byte at a time). Default: one piece. */
  pieceSize?: number;
  /** Or split them at these offsets. */
  splitAt?: number[];
  /** Pause between pieces, so that each piece leaves in its own TCP segment. */
  pauseMs?: number;
  /**
   * Fail when the server takes none of the bytes for this long (it does not read): without it, a
   * send to a server that never reads waits until the check's own time runs out.
   */
  stallMs?: number;
}

export interface HttpResponse {
  statusLine: string;
  version: string;
  status: number;
  reason: string;
  /** Header fields in order, names as sent. */
  headers: Array<[name: string, value: string]>;
  /** The value of the first header with this name (any case); undefined if absent. */
  header(name: string): string | undefined;
  /** Every value of headers with this name (any case). */
  headerValues(name: string): string[];
  /** The head as received, status line to the empty line inclusive. */
  head: Buffer;
  body: Buffer;
  /** How the body's end was found. */
  framing: 'content-length' | 'close' | 'none';
}

/** Every connection a check opens, for its failure report. */
export class Transcript {
  readonly connections: RawConnection[] = [];
}

export class RawConnection {
  readonly sent: Buffer[] = [];
  /**
   * Bytes received so far, in a buffer that doubles when full: a check that looks at them on every
   * chunk of a 24 MiB body copies each byte about twice in all, not once per chunk.
   */
  private buffer = Buffer.alloc(0);
  private length = 0;
  get received(): Buffer {
    return this.buffer.subarray(0, this.length);
  }
  get receivedLength(): number {
    return this.length;
  }
  /** Bytes that arrived before the last byte we sent had gone out. */
  receivedWhileSending = 0;
  /** The peer closed its side (FIN). */
  ended = false;
  /** The connection is gone (closed or reset). */
  closed = false;
  /** We closed or reset it (the check was done with it), rather than the server. */
  closedByUs = false;
  error: Error | undefined;
  private sending = false;
  private listeners = new Set<() => void>();

  private constructor(
    readonly socket: net.Socket,
    readonly host: string,
    readonly port: number,
  ) {
    socket.on('data', (chunk: Buffer) => {
      this.append(chunk);
      if (this.sending) this.receivedWhileSending += chunk.length;
      this.changed();
    });
    socket.on('end', () => {
      this.ended = true;
      this.changed();
    });
    socket.on('error', (error) => {
      this.error = error;
      this.changed();
    });
    socket.on('close', () => {
      this.closed = true;
      this.changed();
    });
  }

  static open(
    port: number,
    host = '127.0.0.1',
    transcript?: Transcript,
    timeoutMs = 5000,
  ): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      // allowHalfOpen: after we half-close, we still read what the server sends.
      const socket = net.connect({ port, host, allowHalfOpen: true, noDelay: true });
      const cancel = ioDeadline(timeoutMs, () => {
        socket.destroy();
        reject(new Error(`could not connect to ${host}:${port} within ${timeoutMs} ms`));
      });
      socket.once('connect', () => {
        cancel();
        const connection = new RawConnection(socket, host, port);
        transcript?.connections.push(connection);
        resolve(connection);
      });
      socket.once('error', (error) => {
        cancel();
        reject(new Error(`could not connect to ${host}:${port}: ${error.message}`));
      });
    });
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Sends bytes, whole or in pieces; resolves when the last piece has been handed to the kernel. */
  async send(bytes: Buffer | string, options: SendOptions = {}): Promise<void> {
    const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
    const pieces = splitBytes(data, options);
    this.sending = true;
    try {
      for (const [index, piece] of pieces.entries()) {
        if (this.closed) break;
        this.sent.push(piece);
        await this.write(piece, options.stallMs, data.length);
        if (options.pauseMs && index < pieces.length - 1) {
          await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
        }
      }
    } finally {
      this.sending = false;
    }
  }

  /** Writes one piece; with stallMs, fails if the kernel cannot take it for that long. */
  private write(piece: Buffer, stallMs: number | undefined, total: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const cancel =
        stallMs === undefined
          ? () => {}
          : ioDeadline(stallMs, () => {
              const taken = this.socket.bytesWritten - this.socket.writableLength;
              reject(
                new Error(
                  `the server stopped reading: ${taken} of the ${total} bytes went out, then none for ${stallMs / 1000} s (the rest waits for the server to read)`,
                ),
              );
            });
      this.socket.write(piece, () => {
        cancel();
        resolve();
      });
    });
  }

  /**
   * Says "I have finished sending" (a TCP half-close), keeping the connection open for reading.
   * With `lastBytes`, they go in the same write as the FIN, so that the server reads both at once.
   */
  halfClose(lastBytes?: Buffer | string): void {
    if (lastBytes === undefined) {
      this.socket.end();
      return;
    }
    const data = typeof lastBytes === 'string' ? Buffer.from(lastBytes, 'latin1') : lastBytes;
    this.sent.push(data);
    this.socket.end(data);
  }

  /** Aborts the connection with a TCP reset, as a crashing client would. */
  reset(): void {
    this.closedByUs ||= !this.closed;
    this.socket.resetAndDestroy();
  }

  close(): void {
    this.closedByUs ||= !this.closed;
    this.socket.destroy();
  }

  private append(chunk: Buffer): void {
    const length = this.length + chunk.length;
    if (length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(length, 2 * this.buffer.length, 16 * 1024));
      this.buffer.copy(grown, 0, 0, this.length);
      this.buffer = grown;
    }
    chunk.copy(this.buffer, this.length);
    this.length = length;
  }

  /**
   * Resolves once `condition()` holds, re-checking whenever bytes arrive or the connection closes.
   * Rejects with `what` after timeoutMs.
   */
  waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        cleanup();
        resolve();
      };
      const cancel = ioDeadline(timeoutMs, () => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      });
      const cleanup = () => {
        cancel();
        this.listeners.delete(check);
      };
      this.listeners.add(check);
      check();
    });
  }

  /** Resolves once the server has closed the connection; returns every byte received. */
  async readUntilClose(timeoutMs = 5000): Promise<Buffer> {
    await this.waitUntil(
      () => this.ended || this.closed,
      'the server to close the connection',
      timeoutMs,
    );
    return this.received;
  }

  /**
   * Reads one whole HTTP response: status line, headers, then a body framed by Content-Length or,
   * without one, by the server closing the connection. `bodyless` for answers to HEAD.
   */
  async readResponse(
    options: { timeoutMs?: number; bodyless?: boolean } = {},
  ): Promise<HttpResponse> {
    let response: HttpResponse | undefined;
    let notAResponse: WrongByte | undefined;
    await this.waitUntil(
      () => {
        // Bytes that cannot begin a status line (an echo of the request): say so now, rather
        // than wait for a response that will never come.
        notAResponse = notAStatusLine(this.received);
        if (notAResponse) return true;
        response = parseResponse(this.received, this.ended || this.closed, options.bodyless);
        return response !== undefined || this.ended || this.closed;
      },
      'a complete HTTP response',
      options.timeoutMs ?? 5000,
    ).catch((error: Error) => {
      // Still waiting for \r\n\r\n after a head with bare \n line ends: that is why.
      throw bareLineEnds(this.received) ?? error;
    });
    if (notAResponse) throw notAResponse;
    if (!response) {
      const why = this.error ? `reset (${this.error.message})` : 'closed';
      if (this.received.length === 0)
        throw new Error(`the server ${why} the connection without sending a response`);
      throw (
        bareLineEnds(this.received) ??
        new Error(`the server ${why} the connection before the response was complete`)
      );
    }
    return response;
  }
}

/** A well-formed HTTP/1.1 request head: request line, Host, `headerLines`, the empty line. */
export function requestHead(
  method: string,
  target: string,
  host: string,
  headerLines: string[] = [],
): string {
  return [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headerLines, '', ''].join('\r\n');
}

function splitBytes(data: Buffer, options: SendOptions): Buffer[] {
  const size = options.pieceSize;
  const cuts =
    options.splitAt ??
    (size
      ? Array.from({ length: Math.ceil(data.length / size) - 1 }, (_, i) => (i + 1) * size)
      : []);
  const pieces: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, data.length]) {
    if (cut > start) pieces.push(data.subarray(start, cut));
    start = Math.max(start, cut);
  }
  return pieces;
}

const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * Why an unfinished response head never ended, when the reason is its line ends: a line that ends
 * with a bare \n (the naive server's '\n'.join) means no \r\n\r\n will ever come. Undefined when
 * the head's lines so far end with \r\n.
 */
function bareLineEnds(received: Buffer): WrongByte | undefined {
  if (received.indexOf(HEAD_END) !== -1) return undefined;
  for (let at = received.indexOf(0x0a); at !== -1; at = received.indexOf(0x0a, at + 1)) {
    if (received[at - 1] === 0x0d) continue;
    const lineStart = received.lastIndexOf(0x0a, at - 1) + 1;
    const which = lineStart === 0 ? 'status line' : 'head';
    return new WrongByte(
      `the response's ${which} uses bare \\n line ends instead of \\r\\n: "${escapeBytes(received.subarray(lineStart, at + 1))}" (HTTP lines end with CRLF, and the head ends with an empty line, \\r\\n\\r\\n)`,
      received,
      at,
    );
  }
  return undefined;
}

const STATUS_LINE_START = Buffer.from('HTTP/');

/** An error when the bytes received so far cannot be the start of "HTTP/1.1 200 OK". */
function notAStatusLine(received: Buffer): WrongByte | undefined {
  const shown = received.subarray(0, STATUS_LINE_START.length);
  for (let at = 0; at < shown.length; at++) {
    if (shown[at] !== STATUS_LINE_START[at])
      return new WrongByte(
        `the server's answer does not start with a status line such as "HTTP/1.1 200 OK": it starts "${escapeBytes(received.subarray(0, 40))}"`,
        received,
        at,
      );
  }
  return undefined;
}

/**
 * Parses a response from the bytes received so far; undefined while it is incomplete.
 * `closed`: the server has closed, so a body without Content-Length is complete.
 */
export function parseResponse(
  bytes: Buffer,
  closed: boolean,
  bodyless = false,
): HttpResponse | undefined {
  const headEnd = bytes.indexOf(HEAD_END);
  if (headEnd === -1) return undefined;
  const head = bytes.subarray(0, headEnd + 4);
  const [statusLine = '', ...fieldLines] = head
    .subarray(0, headEnd)
    .toString('latin1')
    .split('\r\n');
  const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(statusLine);
  const headers = fieldLines.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return colon === -1 ? [line, ''] : [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  const headerValues = (name: string) =>
    headers.filter(([n]) => n.toLowerCase() === name.toLowerCase()).map(([, v]) => v);
  const status = match ? Number(match[2]) : 0;
  const rest = bytes.subarray(headEnd + 4);
  const lengthText = headerValues('content-length')[0];
  let body: Buffer;
  let framing: HttpResponse['framing'];
  if (bodyless || status === 204 || status === 304 || (status >= 100 && status < 200)) {
    body = Buffer.alloc(0);
    framing = 'none';
  } else if (lengthText !== undefined && /^\d+$/.test(lengthText)) {
    const length = Number(lengthText);
    if (rest.length < length && !closed) return undefined;
    body = rest.subarray(0, length);
    framing = 'content-length';
  } else {
    if (!closed) return undefined;
    body = rest;
    framing = 'close';
  }
  return {
    statusLine,
    version: match?.[1] ?? '',
    status,
    reason: match?.[3] ?? '',
    headers,
    header: (name) => headerValues(name)[0],
    headerValues,
    head,
    body,
    framing,
  };
}
