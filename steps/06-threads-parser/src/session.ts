// Chapter 6: one Session per connection.
//
// In chapter 5 a connection was a handful of closures inside createServer's callback: `received`,
// `answered`, a timer, and `send` and `stopReading` reaching into all of them. Add a parser, a body
// and a graceful shutdown, and that nest becomes impossible to follow (the Python tutorial hit the
// same wall with `nonlocal`). So the connection becomes an object: a Session owns its socket and
// its parser, is the parser's protocol (the parser calls it back), and says whether it is busy.
import type net from 'node:net';
import { HttpParserError, HttpRequestParser, type ParserProtocol } from './parser.ts';

// #region message
/** A request as the parser saw it: what the application is given. */
export interface Message {
  method: string; // "POST"
  target: string; // as sent: "/post", "/ipsum.html?x=1", "http://localhost:8080/"
  version: string; // "HTTP/1.1"
  headers: [name: string, value: string][]; // in order, names as the client spelled them
  body: Buffer; // the whole body, decoded from chunks if it came chunked; empty if none
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  withoutBody?: boolean; // an answer to HEAD: Content-Length counts the body, which is not sent
}

/** What a session asks of the server it belongs to. */
export interface Application {
  /** The answer to a complete request. It does not throw: a failure is an error page. */
  respond(message: Message): Promise<Response>;
  /** The answer to a request refused before it was complete (the parser's 400, 413, ...; 408). */
  refuse(status: number, explanation: string): Response;
}

export interface SessionOptions {
  headersTimeoutMs: number;
  /** How long, once the head is in, the body may take to arrive. */
  bodyTimeoutMs: number;
  maxHeaderSize: number;
  maxBodySize: number;
}
// #endregion message

// #region session
// After our answer is sent, how long a client may take to close its side. Until then we keep
// reading (and dropping) what it still sends: closing with unread bytes would make the kernel
// reset the connection, and the client could lose our answer (an early 413, say).
const LINGER_MS = 5_000;

/** Where a session is: reading a request, answering it, or finished (the socket has closed). */
type SessionState = 'reading' | 'answering' | 'closed';

export class Session implements ParserProtocol {
  private readonly parser: HttpRequestParser;
  private state: SessionState = 'reading';
  /** When the client must have sent its head, then its body: a 408 if it has not. */
  private deadline: NodeJS.Timeout;
  private readonly whenDone: Promise<void>;
  private markDone: () => void = () => {};

  // The request being read: filled in by the parser's callbacks.
  private target = '';
  private readonly headers: [string, string][] = [];
  private readonly bodyParts: Buffer[] = [];

  constructor(
    private readonly socket: net.Socket,
    private readonly app: Application,
    private readonly options: SessionOptions,
  ) {
    this.parser = new HttpRequestParser(this, options);
    // A client too slow to finish its head, or then its body, is answered and let go (408), not
    // waited for forever: each waiting connection holds a socket and up to 1 MiB of body.
    this.deadline = setTimeout(
      () => this.refuse(408, 'The request head took too long.'),
      options.headersTimeoutMs,
    );
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('end', () => {
      // It stopped sending before its request was complete: there is nothing to answer.
      if (this.state === 'reading') socket.end();
    });
    socket.on('error', (error) => console.log(`Error from ${this.client}: ${error.message}`));
    this.whenDone = new Promise((resolve) => {
      this.markDone = resolve;
    });
    socket.on('close', () => {
      this.state = 'closed';
      clearTimeout(this.deadline); // a client that leaves is not sent a 408
      this.markDone();
    });
  }

  /** True while a complete request is being answered: a graceful shutdown waits for it. */
  get busy(): boolean {
    return this.state === 'answering';
  }

  /** Resolves once the answer has been sent in full, or the connection has closed. */
  done(): Promise<void> {
    return this.whenDone;
  }

  /** Shutting down: a connection with no request in progress is closed now. */
  closeIfIdle(): void {
    if (this.state === 'reading') this.socket.destroy();
  }

  private get client(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }
  // #endregion session

  // #region receive
  /**
   * Bytes arrived: the parser reads them and calls us back. One request per connection, as in
   * the Python original: once a request is complete, later chunks are not read, and a request
   * pipelined after ours in the same chunk is parsed but not answered.
   */
  private receive(chunk: Buffer): void {
    if (this.state !== 'reading') return;
    try {
      this.parser.feedData(chunk);
    } catch (error) {
      // A request pipelined after the one we answer may be broken: it is never read anyway.
      if (this.state !== 'reading') return;
      if (error instanceof HttpParserError) this.refuse(error.status, error.message);
      else throw error; // a bug in our callbacks: let it show, do not hide it as a 400
    }
  }
  // #endregion receive

  // #region parser-callbacks
  // A request pipelined after ours, in the same chunk, is parsed but never answered: once ours is
  // complete (state is no longer 'reading'), every callback ignores it. Its headers must not join
  // ours, its head gets no deadline and no 100 Continue (which would reach the client ahead of
  // the answer to ours).
  onUrl(url: string): void {
    if (this.state === 'reading') this.target = url;
  }

  onHeader(name: string, value: string): void {
    if (this.state === 'reading') this.headers.push([name, value]);
  }

  onHeadersComplete(): void {
    if (this.state !== 'reading') return;
    clearTimeout(this.deadline);
    this.deadline = setTimeout(
      () => this.refuse(408, 'The request body took too long.'),
      this.options.bodyTimeoutMs,
    );
    // curl and others ask before sending a large body (RFC 9110 10.1.1): say "go on", or they
    // wait a second for an answer that never comes. (Too large a body has already been refused:
    // the parser throws 413 from the head alone, before we get here.)
    const expect = headerValue(this.headers, 'expect');
    if (expect?.toLowerCase() === '100-continue' && this.parser.getHttpVersion() === '1.1') {
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
  }

  onBody(chunk: Uint8Array): void {
    // The parser lends us a view of its input, valid only during this call: copy it.
    if (this.state === 'reading') this.bodyParts.push(Buffer.from(chunk));
  }

  onMessageComplete(): void {
    if (this.state !== 'reading') return;
    clearTimeout(this.deadline);
    this.state = 'answering'; // from now on, what the client sends is read and dropped
    const message: Message = {
      method: this.parser.getMethod(),
      target: this.target,
      version: `HTTP/${this.parser.getHttpVersion()}`,
      headers: this.headers,
      body: Buffer.concat(this.bodyParts),
    };
    // Read now: by the time the answer is ready, a pipelined request may have replaced these.
    const requestLine = this.requestLine();
    this.app.respond(message).then((answer) => this.send(requestLine, answer));
  }
  // #endregion parser-callbacks

  // #region send
  /** A request refused before it was complete: its status page, then close. */
  private refuse(status: number, explanation: string): void {
    if (this.state !== 'reading') return;
    this.state = 'answering';
    clearTimeout(this.deadline);
    this.send(this.requestLine(), this.app.refuse(status, explanation));
  }

  /**
   * Logs the response, sends it, then closes our side once it is all written. The connection
   * closes when the client closes its side too; one that never does is let go after LINGER_MS.
   */
  private send(requestLine: string, answer: Response): void {
    const bodyBytes = answer.withoutBody ? 0 : answer.body.length;
    logRequest(this.socket.remoteAddress ?? '-', requestLine, answer.status, bodyBytes);
    // (The client may have gone while we worked: end() on a closed socket does nothing.)
    this.socket.end(responseBytes(answer), () => {
      this.markDone();
      setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
    });
  }

  /** The request line, for the log; "-" if the request did not get that far. */
  private requestLine(): string {
    const method = this.parser.getMethod();
    const version = this.parser.getHttpVersion();
    return method && version ? `${method} ${this.target} HTTP/${version}` : '-';
  }
  // #endregion send
}

/** The value of the first header field with this name (given in lowercase), whatever its case. */
export function headerValue(headers: Message['headers'], name: string): string | undefined {
  return headers.find(([fieldName]) => fieldName.toLowerCase() === name)?.[1];
}

// #region response
const statusText: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  413: 'Content Too Large',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

export function statusName(status: number): string {
  return `${status} ${statusText[status] ?? 'Unknown'}`;
}

function responseBytes({ status, headers, body, withoutBody }: Response): Buffer {
  const head = [
    `HTTP/1.1 ${statusName(status)}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`, // bytes, not characters
    `Date: ${new Date().toUTCString()}`,
    'Connection: close', // one request per connection: we close after answering
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), withoutBody ? Buffer.alloc(0) : body]);
}
// #endregion response

// #region access-log
/**
 * One line per request in Common Log Format, as Apache and nginx write it:
 *   127.0.0.1 - - [10/Oct/2000:13:55:36 +0000] "GET /index.html HTTP/1.1" 200 2326
 * client address, two unknowns (identity, user), time, request line, status, body bytes ("-": 0).
 */
function logRequest(client: string, requestLine: string, status: number, bodyBytes: number): void {
  const bytes = bodyBytes === 0 ? '-' : String(bodyBytes);
  console.log(
    `${client} - - [${logTime(new Date())}] "${escapeForLog(requestLine)}" ${status} ${bytes}`,
  );
}

const months = 'Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split(' ');

/** "10/Oct/2000:13:55:36 +0000", in UTC. */
function logTime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const day = `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}`;
  const time = `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;
  return `${day}:${time} +0000`;
}

/**
 * The request line is a stranger's bytes: a quote, a line end or a terminal escape in it could
 * forge log lines. Everything outside printable ASCII (and " and \) is written as \xHH.
 */
export function escapeForLog(text: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const printable = code >= 0x20 && code < 0x7f && char !== '"' && char !== '\\';
    escaped += printable ? char : `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return escaped;
}
// #endregion access-log
