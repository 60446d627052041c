// Chapter 7: a Session serves request after request on one connection.
//
// In chapter 6 a Session read one request, answered it and closed. Now it loops, the way Go's
// net/http reads a connection: read a request, answer it, and if the connection is kept, wait
// for the next one; otherwise close. Requests that arrive before their predecessors are answered
// (pipelining) wait, unread, and are answered in order, one at a time. The rules (which state
// follows which, whether a connection is kept) are in keep-alive.ts, which does no I/O; this file
// does the I/O: the socket, the timers, feeding the parser.
import type net from 'node:net';
import { pipeline, type Readable } from 'node:stream';
import { chunkedEncoder } from './chunked.ts';
import { type ConnectionEvent, type ConnectionState, keepsAlive, nextState } from './keep-alive.ts';
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
  /** Bytes in memory (a page, JSON), or a stream read as it is sent (a file). */
  body: Buffer | StreamedBody;
  withoutBody?: boolean; // an answer to HEAD: Content-Length counts the body, which is not sent
}

/**
 * A body sent as it is read, never held whole: a file. `length` is its Content-Length; without
 * one (a file compressed as it is sent) the body goes out chunked.
 */
export interface StreamedBody {
  stream: Readable;
  length?: number;
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
  /** How long a kept connection may wait for its next request before we close it. */
  keepAliveTimeoutMs: number;
  /** After this many answers, the connection closes. */
  maxRequestsPerConnection: number;
}
// #endregion message

// #region session
// After our last answer is sent, how long a client may take to close its side. Until then we keep
// reading (and dropping) what it still sends: closing with unread bytes would make the kernel
// reset the connection, and the client could lose our answer (an early 413, say).
const LINGER_MS = 5_000;

export class Session implements ParserProtocol {
  private readonly parser: HttpRequestParser;
  // A new connection is reading its first request: its head must arrive HEADERS_TIMEOUT_MS after
  // the connection opens. Later requests are timed from their first byte.
  private state: ConnectionState = 'reading';
  /** The one timer that runs in each state: the head's, the body's (408), or the idle one. */
  private timer: NodeJS.Timeout;
  private readonly whenDone: Promise<void>;
  private markDone: () => void = () => {};
  /** Bytes read from the socket that the parser has not read yet: a pipelined request. */
  private unread: Buffer | undefined;
  /** Answers sent on this connection, for MAX_REQUESTS_PER_CONNECTION. */
  private answered = 0;
  /** The client has finished sending (FIN): once what it sent is answered, we close. */
  private clientEnded = false;
  private stopping = false;

  // The request being read: filled in by the parser's callbacks, new for each request.
  private target = '';
  private headers: [string, string][] = [];
  private bodyParts: Buffer[] = [];

  constructor(
    private readonly socket: net.Socket,
    private readonly app: Application,
    private readonly options: SessionOptions,
  ) {
    this.parser = new HttpRequestParser(this, options);
    this.timer = this.headTimer();
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('end', () => {
      this.clientEnded = true;
      this.closeIfNothingToAnswer();
    });
    socket.on('error', (error) => console.log(`Error from ${this.client}: ${error.message}`));
    this.whenDone = new Promise((resolve) => {
      this.markDone = resolve;
    });
    socket.on('close', () => {
      if (this.state !== 'closed') this.become('socket-closed');
      clearTimeout(this.timer); // a client that leaves is not sent a 408
      this.markDone();
    });
  }

  /** True while a complete request is being answered: a graceful shutdown waits for it. */
  get busy(): boolean {
    return this.state === 'answering';
  }

  /** Resolves once the last answer has been sent in full, or the connection has closed. */
  done(): Promise<void> {
    return this.whenDone;
  }

  /**
   * Shutting down: a connection with no complete request closes now; a request being answered
   * gets its answer, with Connection: close, and then the connection closes.
   */
  stop(): void {
    this.stopping = true;
    if (this.state === 'idle' || this.state === 'reading') this.close();
  }

  private get client(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  /** Moves to the state keep-alive.ts's table gives; an event the table forbids is our bug. */
  private become(event: ConnectionEvent): void {
    const next = nextState(this.state, event);
    if (next === undefined) {
      // Say so loudly, and drop this one connection rather than the whole server.
      console.error(`Bug: "${event}" while ${this.state} (${this.client}); closing.`);
      this.socket.destroy();
      return;
    }
    this.state = next;
  }
  // #endregion session

  // #region receive
  /**
   * Bytes arrived. The parser reads them until a request is complete, then pauses: whatever
   * follows (the next, pipelined request) waits in `unread` until the answer has gone out.
   */
  private receive(chunk: Buffer): void {
    // After our last answer, what the client still sends is read and dropped (see LINGER_MS).
    if (this.state === 'closing' || this.state === 'closed') return;
    this.unread = this.unread ? Buffer.concat([this.unread, chunk]) : chunk;
    this.readRequest();
  }

  /**
   * Feeds the parser what has been read, unless a request is being answered. While one is, we
   * stop reading the socket: the next requests wait in the kernel's buffers and then the
   * client's (TCP's flow control), so a client that pipelines 10,000 requests and reads none of
   * the answers holds one chunk of our memory, not 10,000 requests.
   */
  private readRequest(): void {
    if (this.unread && (this.state === 'reading' || this.state === 'idle')) {
      const bytes = this.unread;
      this.unread = undefined;
      try {
        const read = this.parser.feedData(bytes);
        if (read < bytes.length) this.unread = bytes.subarray(read);
      } catch (error) {
        if (error instanceof HttpParserError) this.refuse(error.status, error.message);
        else throw error; // a bug in our callbacks: let it show, do not hide it as a 400
      }
    }
    if (this.state === 'answering') this.socket.pause();
    else this.socket.resume();
    this.closeIfNothingToAnswer();
  }

  /** The client has finished sending and every request it sent is answered: we close too. */
  private closeIfNothingToAnswer(): void {
    if (!this.clientEnded || this.unread) return;
    if (this.state === 'idle' || this.state === 'reading') this.close();
  }
  // #endregion receive

  // #region parser-callbacks
  onMessageBegin(): void {
    if (this.state === 'idle') {
      // Idle no more: this request's head has HEADERS_TIMEOUT_MS from its first byte.
      clearTimeout(this.timer);
      this.timer = this.headTimer();
    }
    this.become('request-begins');
    this.target = '';
    this.headers = [];
    this.bodyParts = [];
  }

  onUrl(url: string): void {
    this.target = url;
  }

  onHeader(name: string, value: string): void {
    this.headers.push([name, value]);
  }

  onHeadersComplete(): void {
    clearTimeout(this.timer);
    this.timer = this.refuseAfter(this.options.bodyTimeoutMs, 'The request body took too long.');
    // curl and others ask before sending a large body (RFC 9110 10.1.1): say "go on", or they
    // wait a second for an answer that never comes. Each request of a connection may ask; the
    // parser has paused after the one before, so the 100 goes out after that one's answer.
    // (Too large a body has already been refused: the parser throws 413 from the head alone.)
    const expect = headerValue(this.headers, 'expect');
    if (expect?.toLowerCase() === '100-continue' && this.parser.getHttpVersion() === '1.1') {
      this.socket.write('HTTP/1.1 100 Continue\r\n\r\n');
    }
  }

  onBody(chunk: Uint8Array): void {
    // The parser lends us a view of its input, valid only during this call: copy it.
    this.bodyParts.push(Buffer.from(chunk));
  }

  onMessageComplete(): void {
    clearTimeout(this.timer);
    // One request at a time: the parser stops here, and the bytes after this request wait.
    this.parser.pause();
    this.become('request-complete');
    const message: Message = {
      method: this.parser.getMethod(),
      target: this.target,
      version: `HTTP/${this.parser.getHttpVersion()}`,
      headers: this.headers,
      body: Buffer.concat(this.bodyParts),
    };
    const requestLine = this.requestLine();
    const clientKeepsAlive = this.parser.shouldKeepAlive();
    this.app.respond(message).then((answer) => this.send(requestLine, answer, clientKeepsAlive));
  }
  // #endregion parser-callbacks

  // #region send
  /** A request refused before it was complete: its status page, then close. */
  private refuse(status: number, explanation: string): void {
    if (this.state !== 'reading' && this.state !== 'idle') return;
    clearTimeout(this.timer);
    this.become('request-refused');
    this.unread = undefined; // the stream is out of step: nothing after this can be trusted
    this.send(this.requestLine(), this.app.refuse(status, explanation), false);
  }

  /**
   * Logs the answer and sends it, saying whether the connection is kept. A kept connection waits
   * for the next request once the answer is written; otherwise we close our side.
   */
  private send(requestLine: string, answer: Response, clientKeepsAlive: boolean): void {
    if (this.state !== 'answering') {
      // The client left while we worked: let go of the file the answer had opened.
      if (!Buffer.isBuffer(answer.body)) answer.body.stream.destroy();
      return;
    }
    this.answered += 1;
    const kept = keepsAlive({
      clientKeepsAlive,
      status: answer.status,
      answered: this.answered,
      maxRequestsPerConnection: this.options.maxRequestsPerConnection,
      stopping: this.stopping,
    });
    const bodyBytes = answer.withoutBody ? 0 : (answer.body.length ?? 0);
    logRequest(this.socket.remoteAddress ?? '-', requestLine, answer.status, bodyBytes);
    const keepAliveSeconds = Math.floor(this.options.keepAliveTimeoutMs / 1000);
    const head = responseHead(answer, kept ? keepAliveSeconds : undefined);
    const { body } = answer;
    const then = () => {
      if (kept) return this.waitForNextRequest();
      this.become('answer-sent-last');
      this.endConnection();
    };
    if (Buffer.isBuffer(body) || bodyless(answer)) {
      if (!Buffer.isBuffer(body)) body.stream.destroy(); // HEAD, 304: the file is not read
      const bytes = Buffer.isBuffer(body) && !bodyless(answer) ? body : Buffer.alloc(0);
      this.socket.write(Buffer.concat([head, bytes]), then);
    } else {
      this.socket.write(head);
      this.sendStream(body, then);
    }
  }

  // #region stream-body
  /**
   * Streams a body into the socket as fast as the client takes it: pipe() stops reading the file
   * while the socket's buffer is full, so a client reading one byte a second holds about 64 KiB
   * of our memory, not the file. Without a length, the bytes go out chunked (src/chunked.ts).
   * A stream that fails, or ends short of the Content-Length we promised (the file shrank while
   * we read it), cannot be mended in this response: we close the connection, and the client sees
   * an incomplete answer rather than reading the next answer's bytes as the end of this one.
   */
  private sendStream(body: StreamedBody, then: () => void): void {
    const source =
      body.length === undefined ? pipeline(body.stream, chunkedEncoder(), () => {}) : body.stream;
    let sent = 0;
    const clientLeft = () => source.destroy(); // and the file with it
    this.socket.once('close', clientLeft);
    source.on('data', (chunk: Buffer) => {
      sent += chunk.length;
    });
    source.once('end', () => {
      this.socket.off('close', clientLeft);
      if (body.length === undefined || sent === body.length) return then();
      this.abort(`the file ended after ${sent} of the ${body.length} bytes we announced`);
    });
    source.once('error', (error) => {
      this.socket.off('close', clientLeft);
      this.abort(error.message);
    });
    source.pipe(this.socket, { end: false });
  }

  /** A response that cannot be finished: close the connection at once, and say why in the log. */
  private abort(why: string): void {
    console.error(`Closing the connection from ${this.client}: ${why}`);
    this.socket.destroy();
  }
  // #endregion stream-body

  /** The answer is written and the connection kept: on to the next request, maybe read already. */
  private waitForNextRequest(): void {
    if (this.state !== 'answering') return; // closed while the answer was being written
    this.become('answer-sent-kept');
    // Idle: a client that sends nothing more is let go, silently, after KEEP_ALIVE_TIMEOUT_MS.
    this.timer = setTimeout(() => this.close(), this.options.keepAliveTimeoutMs);
    // SIGTERM came while this answer was being written (it said keep-alive): close now.
    if (this.stopping) {
      this.close();
      return;
    }
    this.parser.resume();
    this.readRequest();
  }

  /** Closes a connection with no request to answer (idle, stopping, the client done). */
  private close(): void {
    clearTimeout(this.timer);
    this.become('give-up');
    this.endConnection();
  }

  /**
   * Sends the last bytes (if any) and our FIN. The connection closes when the client closes its
   * side too; one that never does is let go after LINGER_MS.
   */
  private endConnection(lastBytes?: Buffer): void {
    this.socket.resume(); // read and drop what still comes, so that it cannot reset our answer
    // (The client may have gone while we worked: end() on a closed socket does nothing.)
    this.socket.end(lastBytes ?? Buffer.alloc(0), () => {
      this.markDone();
      setTimeout(() => this.socket.destroy(), LINGER_MS).unref();
    });
  }

  /** A client too slow to send its head, then its body, is answered 408 and let go, not waited
   * for forever: each waiting connection holds a socket and up to 1 MiB of body. */
  private headTimer(): NodeJS.Timeout {
    return this.refuseAfter(this.options.headersTimeoutMs, 'The request head took too long.');
  }

  /** A timer that refuses the request being read with a 408 after `ms`. */
  private refuseAfter(ms: number, explanation: string): NodeJS.Timeout {
    return setTimeout(() => this.refuse(408, explanation), ms);
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
  204: 'No Content',
  206: 'Partial Content',
  301: 'Moved Permanently',
  304: 'Not Modified',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  413: 'Content Too Large',
  412: 'Precondition Failed',
  414: 'URI Too Long',
  416: 'Range Not Satisfiable',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  505: 'HTTP Version Not Supported',
};

export function statusName(status: number): string {
  return `${status} ${statusText[status] ?? 'Unknown'}`;
}

// 204 and 304 never have a body (RFC 9110 §15.3.5, §15.4.5), nor does an answer to HEAD: the
// client reads the next answer right after the head, so one stray byte would garble it.
function bodyless({ status, withoutBody }: Response): boolean {
  return withoutBody === true || status === 204 || status === 304;
}

/**
 * How the client will find the end of the body (RFC 9112 6.3): Content-Length when we know it,
 * else Transfer-Encoding: chunked. A 304 says neither: RFC 9110 15.4.5 allows a Content-Length
 * only if it is the length the 200 would have, and a 304 has not opened the file to count.
 */
function framingHeader({ status, body }: Response): string[] {
  if (status === 204 || status === 304) return [];
  if (body.length === undefined) return ['Transfer-Encoding: chunked'];
  return [`Content-Length: ${body.length}`]; // bytes, not characters
}

/**
 * The answer's head as bytes. `keepAliveSeconds`: the connection is kept, and the client may send
 * its next request for that long; undefined: this is the last answer on the connection.
 */
function responseHead(answer: Response, keepAliveSeconds: number | undefined): Buffer {
  const connection =
    keepAliveSeconds === undefined
      ? ['Connection: close']
      : ['Connection: keep-alive', `Keep-Alive: timeout=${keepAliveSeconds}`];
  const head = [
    `HTTP/1.1 ${statusName(answer.status)}`,
    ...Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}`),
    ...framingHeader(answer),
    `Date: ${new Date().toUTCString()}`,
    ...connection,
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.from(head, 'latin1');
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
