// The request parser of chapter 6: incremental and callback-driven, shaped like Python's httptools.
//
// Until now the server waited for a whole head and split it on line ends. That cannot read a
// request body, and it trusts the client to say where one request ends and the next begins. This
// parser is a state machine instead: it is fed bytes as they arrive, in chunks of any size, keeps
// only the line it has not seen the end of, and calls the protocol object back as each part of
// the request is recognised. It follows RFC 9112 (HTTP/1.1 message syntax) and refuses, with the
// status a server should answer, everything that could make two programs disagree on where a
// request ends: that disagreement is how requests are smuggled past a proxy.
//
// What a caller can rely on, whatever the chunks:
// - the url and each header arrive whole, once their line has ended;
// - body bytes arrive as views of the bytes fed (no copy), in order, possibly in several pieces:
//   feeding the same bytes whole, byte by byte or split anywhere gives the same calls, once the
//   onBody pieces that follow each other are joined.
import { Buffer } from 'node:buffer';

// #region protocol
/** What the parser calls back. Every callback is optional. */
export interface ParserProtocol {
  /** The first byte of a request (after any empty lines between requests) has arrived. */
  onMessageBegin?(): void;
  /** The request-target, whole, exactly as sent: `/index.html?x=1`, `http://host/`, `*`. */
  onUrl?(url: string): void;
  /** A header field (and, after the body of a chunked request, a trailer field). The name keeps
   * its case; the value is decoded as latin1 with the whitespace around it removed. */
  onHeader?(name: string, value: string): void;
  /** The head has ended and is valid: method, version and framing are known. */
  onHeadersComplete?(): void;
  /** Some bytes of the body: a view of the bytes fed, valid only during the call. */
  onBody?(chunk: Uint8Array): void;
  /** The request is complete, body (and trailers) included. */
  onMessageComplete?(): void;
}

export interface ParserOptions {
  /** The most bytes a request head may take, request line and final empty line included.
   * The trailer section of a chunked body has the same limit. Default 16 KiB. */
  maxHeaderSize?: number;
  /** The most bytes a body may hold once decoded. Default 1 MiB. */
  maxBodySize?: number;
}
// #endregion protocol

// #region errors
/** Thrown by feedData when the bytes are not a valid request. After it, the parser is dead. */
export class HttpParserError extends Error {
  /** The status a server should answer before it closes the connection. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = 'HttpParserError';
    this.status = status;
  }
}

const badRequest = (why: string) => new HttpParserError(400, why);
// #endregion errors

// #region limits
const DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
const DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
/** Longer targets are refused with 414 (RFC 9112 §3 recommends supporting at least 8000). */
const MAX_TARGET_LENGTH = 8192;
const targetTooLong = () =>
  new HttpParserError(414, `Request-target longer than ${MAX_TARGET_LENGTH} bytes`);
/** A chunk-size line is a few hex digits and, rarely, extensions: more than this is an attack. */
const MAX_CHUNK_LINE_LENGTH = 4096;
// #endregion limits

// #region target-forms
/**
 * The start of each request-target form (RFC 9112 §3.2): origin-form `/path?query`,
 * absolute-form `scheme:...`, asterisk-form `*`. The fourth, authority-form `host:port`, is for
 * CONNECT only. Which targets the server serves is its own business: this only refuses a target
 * that no form matches, such as `index.html`.
 */
const TARGET_FORM = /^(?:\/|\*$|[A-Za-z][A-Za-z0-9+.-]*:)/;
// #endregion target-forms

// #region characters
const HTAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SP = 0x20;
const DQUOTE = 0x22;
const SLASH = 0x2f;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const BACKSLASH = 0x5c;

/** A table of 256 flags: which byte values belong to a set. */
function byteSet(belongs: (byte: number) => boolean): Uint8Array {
  const table = new Uint8Array(256);
  for (let byte = 0; byte < 256; byte++) table[byte] = belongs(byte) ? 1 : 0;
  return table;
}

const isDigit = (byte: number) => byte >= 0x30 && byte <= 0x39;
const isAlpha = (byte: number) => (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7a;
const isVisible = (byte: number) => byte >= 0x21 && byte <= 0x7e; // VCHAR

/** tchar (RFC 9110 §5.6.2): what methods, field names and extension names are made of. */
const TOKEN = byteSet(
  (byte) => isDigit(byte) || isAlpha(byte) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(byte)),
);
/** A field value (RFC 9110 §5.5): visible characters, SP, HTAB and obs-text (0x80-0xFF).
 * Not CR, LF, NUL nor any other control character: each has been used to smuggle requests. */
const FIELD_VALUE = byteSet(
  (byte) => isVisible(byte) || byte === SP || byte === HTAB || byte >= 0x80,
);
/** A request-target is URI syntax (RFC 3986): visible ASCII only, no spaces, no controls. */
const TARGET = byteSet(isVisible);
/** Inside a quoted chunk-ext value: qdtext (RFC 9110 §5.6.4) minus the backslash. */
const QUOTED_TEXT = byteSet(
  (byte) => FIELD_VALUE[byte] === 1 && byte !== DQUOTE && byte !== BACKSLASH,
);
/** The value of each hex digit, or -1. */
const HEX_VALUE = Int8Array.from({ length: 256 }, (_, byte) => {
  const digit = String.fromCharCode(byte);
  return /^[0-9a-fA-F]$/.test(digit) ? Number.parseInt(digit, 16) : -1;
});

/** The first index in [from, to) whose byte is not in the set, or `to`. */
function skipWhile(set: Uint8Array, bytes: Buffer, from: number, to: number): number {
  let index = from;
  while (index < to && set[bytes[index] as number] === 1) index++;
  return index;
}

function isWhitespace(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB;
}

/** Removes optional whitespace (SP and HTAB only: `trim()` would also remove, say, 0xA0). */
function trimWhitespace(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

/** The elements of a comma-separated list (RFC 9110 §5.6.1), trimmed; empty ones ignored. */
function listElements(value: string): string[] {
  const elements: string[] = [];
  for (const element of value.split(',')) {
    const trimmed = trimWhitespace(element);
    if (trimmed !== '') elements.push(trimmed);
  }
  return elements;
}

/**
 * Whether `text` is `lowercase` in any case: field names, codings and connection options are
 * case-insensitive. Setting bit 0x20 lowercases a letter; for the other characters of the words
 * we compare with (`-`), it changes only a control character, never a token. No string is made:
 * this runs for every field of every request.
 */
function equalsIgnoringCase(text: string, lowercase: string): boolean {
  if (text.length !== lowercase.length) return false;
  for (let i = 0; i < text.length; i++) {
    if ((text.charCodeAt(i) | 0x20) !== lowercase.charCodeAt(i)) return false;
  }
  return true;
}
// #endregion characters

// #region state
/**
 * Where the parser is in the stream. Line states collect a line and handle it once it has ended;
 * the others count bytes.
 */
type State =
  | 'request-line' // waiting for a request line (empty lines before it are skipped)
  | 'header-line' // a field line, or the empty line that ends the head
  | 'body' // Content-Length bytes still to come
  | 'chunk-size' // a chunk-size line, with optional extensions
  | 'chunk-data' // the bytes of one chunk
  | 'chunk-data-cr' // the CR after a chunk's bytes (CRLF messages only)
  | 'chunk-data-lf' // the LF after a chunk's bytes
  | 'trailer-line'; // a trailer field line, or the empty line that ends the message
// #endregion state

export class HttpRequestParser {
  private readonly protocol: ParserProtocol;
  private readonly maxHeaderSize: number;
  private readonly maxBodySize: number;

  private state: State = 'request-line';
  /** Set once an error has been thrown: the parser is dead, and every feedData throws it again. */
  private failure: HttpParserError | undefined;
  /** Set by pause(): feedData stops where it is and reads nothing more until resume(). */
  private paused = false;

  /** The start of a line whose end has not arrived yet (copied: the caller may reuse its buffers). */
  private partialLine: Buffer[] = [];
  private partialLength = 0;
  /** The bytes being parsed, decoded ahead (see `latin1`): `text[i]` is `textBytes[textStart + i]`. */
  private text = '';
  private textBytes: Buffer | undefined;
  private textStart = 0;
  /** Bytes of the head (or trailer section) seen so far, for maxHeaderSize. */
  private headBytes = 0;

  // The current message. Kept after it completes, so that a server can still ask.
  private method = '';
  private httpVersion = '';
  /** Whether this message's line ends are CRLF (or bare LF throughout, as typed in nc). */
  private crlf = true;
  private contentLength: number | undefined;
  private transferEncoding: string | undefined;
  private connectionClose = false;
  private connectionKeepAlive = false;
  /** Bytes left in the Content-Length body or in the current chunk. */
  private bodyRemaining = 0;
  /** Body bytes announced so far by chunk sizes, for maxBodySize. */
  private chunkedBodyLength = 0;

  constructor(protocol: ParserProtocol, options: ParserOptions = {}) {
    this.protocol = protocol;
    this.maxHeaderSize = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxBodySize = options.maxBodySize ?? DEFAULT_MAX_BODY_SIZE;
  }

  /** The method of the current (or last) request, as sent: `GET`, `POST`, `PROPFIND`, ... */
  getMethod(): string {
    return this.method;
  }

  /** `"1.1"` or `"1.0"`. */
  getHttpVersion(): string {
    return this.httpVersion;
  }

  // #region keep-alive
  /** Whether the client expects the connection to stay open after this request (RFC 9112 §9.3). */
  shouldKeepAlive(): boolean {
    if (this.connectionClose) return false;
    return this.httpVersion === '1.1' || this.connectionKeepAlive;
  }
  // #endregion keep-alive

  // #region pause
  /**
   * Called from a callback (onMessageComplete, typically): feedData returns as soon as that
   * callback does, and reads nothing more until resume(). A server that answers one request at a
   * time pauses after each one and feeds the rest of the bytes later (llhttp calls it
   * llhttp_pause; h11 stops after every message in the same way).
   */
  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }
  // #endregion pause

  // #region feed
  /**
   * Parses the bytes that have arrived: they may complete zero, one or several requests.
   * Returns how many bytes it read: all of them, unless a callback paused it. Throws
   * HttpParserError if they are not a valid request; every later call throws it again.
   */
  feedData(data: Uint8Array): number {
    if (this.failure) throw this.failure;
    const bytes = Buffer.isBuffer(data)
      ? data
      : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    try {
      let offset = 0;
      while (offset < bytes.length && !this.paused) offset = this.parse(bytes, offset);
      return offset;
    } catch (error) {
      // A callback that throws leaves the parser mid-message too: it cannot carry on.
      this.failure =
        error instanceof HttpParserError
          ? error
          : new HttpParserError(500, `A parser callback threw: ${String(error)}`);
      throw error;
    } finally {
      // The caller may reuse its buffer: forget it, and the text decoded from it.
      this.textBytes = undefined;
      this.text = '';
    }
  }

  /** Parses what it can from `offset` in the current state; returns where it stopped. */
  private parse(bytes: Buffer, offset: number): number {
    switch (this.state) {
      case 'body':
      case 'chunk-data':
        return this.readBody(bytes, offset);
      case 'chunk-data-cr':
      case 'chunk-data-lf':
        return this.readChunkDataEnd(bytes, offset);
      default:
        return this.readLine(bytes, offset);
    }
  }
  // #endregion feed

  // #region lines
  /** Reads up to the next LF; handles the line if it is complete, keeps it for later if not. */
  private readLine(bytes: Buffer, offset: number): number {
    // The first byte of a request line: a line already begun has begun its message too.
    if (this.state === 'request-line' && this.partialLength === 0) {
      this.beginMessageUnlessEmptyLine(bytes[offset] as number);
    }
    const lf = this.findLineEnd(bytes, offset);
    if (lf === -1) {
      this.keepPartialLine(bytes.subarray(offset));
      return bytes.length;
    }
    const next = lf + 1;
    if (this.partialLength === 0) {
      this.checkLineLength(bytes, offset, next);
      this.handleLine(bytes, offset, lf);
    } else {
      const line = Buffer.concat([...this.partialLine, bytes.subarray(offset, next)]);
      this.partialLine = [];
      this.partialLength = 0;
      this.checkLineLength(line, 0, line.length);
      this.handleLine(line, 0, line.length - 1);
    }
    return next;
  }

  /** The index of the next LF at or after `offset`, or -1. */
  private findLineEnd(bytes: Buffer, offset: number): number {
    // A chunk-size line sits among body bytes, which are never decoded: search the bytes.
    if (this.state === 'chunk-size') return bytes.indexOf(LF, offset);
    // A head is decoded anyway (see latin1), and searching a string is cheaper than a Buffer.
    this.decodeAhead(bytes, offset, offset);
    const lf = this.text.indexOf('\n', offset - this.textStart);
    if (lf !== -1) return this.textStart + lf;
    const textEnd = this.textStart + this.text.length;
    return textEnd === bytes.length ? -1 : bytes.indexOf(LF, textEnd);
  }

  private keepPartialLine(rest: Buffer): void {
    const budget = this.lineBudget();
    if (this.partialLength + rest.length > budget) {
      const line = Buffer.concat([...this.partialLine, rest]);
      throw this.lineTooLong(line.subarray(0, budget));
    }
    this.partialLine.push(Buffer.from(rest));
    this.partialLength += rest.length;
  }

  /** How many bytes the line being read may take, its line end included. */
  private lineBudget(): number {
    if (this.state === 'chunk-size') return MAX_CHUNK_LINE_LENGTH;
    return this.maxHeaderSize - this.headBytes;
  }

  /** Throws if the line [start, end) (its LF included) does not fit; counts it if it does. */
  private checkLineLength(line: Buffer, start: number, end: number): void {
    const budget = this.lineBudget();
    if (end - start > budget) throw this.lineTooLong(line.subarray(start, start + budget));
    if (this.state !== 'chunk-size') this.headBytes += end - start;
  }

  /**
   * The error for a line that outgrew its budget. It is decided from the first `budget` bytes
   * only, so that it is the same whether the end of the line has arrived or not.
   */
  private lineTooLong(prefix: Buffer): HttpParserError {
    if (this.state === 'chunk-size') return badRequest('Chunk-size line too long');
    if (this.state === 'request-line') {
      const targetStart = prefix.indexOf(SP) + 1;
      const targetEnd = targetStart === 0 ? 0 : prefix.indexOf(SP, targetStart);
      const targetLength = (targetEnd === -1 ? prefix.length : targetEnd) - targetStart;
      if (targetStart > 0 && targetLength > MAX_TARGET_LENGTH) {
        return targetTooLong();
      }
    }
    return new HttpParserError(431, `Request head longer than ${this.maxHeaderSize} bytes`);
  }

  /** Handles the line [start, lf): strips its CR, checks its line end, passes it on. */
  private handleLine(line: Buffer, start: number, lf: number): void {
    const crlf = lf > start && line[lf - 1] === CR;
    const end = crlf ? lf - 1 : lf;
    if (this.state === 'request-line') {
      // RFC 9112 §2.2: a server SHOULD ignore at least one empty line before a request line.
      if (start === end) return;
      this.crlf = crlf; // the request line decides the line end of the whole message
    } else if (crlf !== this.crlf) {
      throw badRequest('Line ends mix CRLF and bare LF');
    }
    if (this.state === 'request-line') this.onRequestLine(line, start, end);
    else if (this.state === 'header-line') this.onHeaderLine(line, start, end);
    else if (this.state === 'chunk-size') this.onChunkSizeLine(line, start, end);
    else this.onTrailerLine(line, start, end);
  }

  // #endregion lines

  // #region decoding
  /**
   * The bytes [start, end) as a latin1 string (one character per byte, so "é" stays 0xE9).
   * Making a string from a Buffer is a call into C++ that costs about as much for 1 byte as for
   * a whole head, while slicing a string is cheap: so the bytes ahead, up to a head's worth, are
   * decoded once, and the url and each field are sliced from that text.
   */
  private latin1(bytes: Buffer, start: number, end: number): string {
    this.decodeAhead(bytes, start, end);
    return this.text.slice(start - this.textStart, end - this.textStart);
  }

  private decodeAhead(bytes: Buffer, start: number, end: number): void {
    const textEnd = this.textStart + this.text.length;
    if (bytes === this.textBytes && start >= this.textStart && end <= textEnd) return;
    this.textBytes = bytes;
    this.textStart = start;
    const aheadEnd = Math.min(bytes.length, start + this.maxHeaderSize);
    this.text = bytes.toString('latin1', start, Math.max(end, aheadEnd));
  }
  // #endregion decoding

  // #region request-line
  private beginMessageUnlessEmptyLine(firstByte: number): void {
    if (firstByte === CR || firstByte === LF) return;
    this.method = '';
    this.httpVersion = '';
    this.contentLength = undefined;
    this.transferEncoding = undefined;
    this.connectionClose = false;
    this.connectionKeepAlive = false;
    this.protocol.onMessageBegin?.();
  }

  /** request-line = method SP request-target SP HTTP-version (RFC 9112 §3), one SP each. */
  private onRequestLine(line: Buffer, start: number, end: number): void {
    const methodEnd = skipWhile(TOKEN, line, start, end);
    if (methodEnd === start || line[methodEnd] !== SP) {
      throw badRequest('The request line does not start with a method and one space');
    }
    const targetStart = methodEnd + 1;
    const targetEnd = skipWhile(TARGET, line, targetStart, end);
    if (targetEnd - targetStart > MAX_TARGET_LENGTH) {
      throw targetTooLong();
    }
    if (targetEnd === targetStart) throw badRequest('No request-target');
    if (targetEnd === end) throw badRequest('No HTTP version (HTTP/0.9 is not supported)');
    if (line[targetEnd] !== SP) throw badRequest('Invalid character in the request-target');
    this.httpVersion = this.parseVersion(line, targetEnd + 1, end);
    this.method = this.latin1(line, start, methodEnd);
    const target = this.latin1(line, targetStart, targetEnd);
    const originForm = line[targetStart] === SLASH; // nearly every request: no need to look further
    if (!originForm && this.method !== 'CONNECT' && !TARGET_FORM.test(target)) {
      throw badRequest('The request-target is not a path, an absolute URI or *');
    }
    this.state = 'header-line';
    this.protocol.onUrl?.(target);
  }

  /** HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3). */
  private parseVersion(line: Buffer, start: number, end: number): string {
    const version = this.latin1(line, start, end);
    if (version === 'HTTP/1.1') return '1.1';
    if (version === 'HTTP/1.0') return '1.0';
    if (!/^HTTP\/\d\.\d$/.test(version)) throw badRequest('Malformed HTTP version');
    throw new HttpParserError(505, `${version} is not supported: only HTTP/1.0 and HTTP/1.1`);
  }
  // #endregion request-line

  // #region header-line
  private onHeaderLine(line: Buffer, start: number, end: number): void {
    if (start === end) {
      this.onEndOfHead();
      return;
    }
    this.onFieldLine(line, start, end, 'header');
  }

  /** field-line = field-name ":" OWS field-value OWS (RFC 9112 §5). */
  private onFieldLine(line: Buffer, start: number, end: number, kind: 'header' | 'trailer'): void {
    // A line that starts with whitespace continues the previous one (obs-fold, RFC 9112 §5.2),
    // or, first in the head, hides a field from some parsers (§2.2): both are refused.
    if (isWhitespace(line[start])) throw badRequest('Field line starts with whitespace (obs-fold)');
    const nameEnd = skipWhile(TOKEN, line, start, end);
    if (line[nameEnd] !== COLON || nameEnd === end) {
      // Whitespace before the colon is refused outright (RFC 9112 §5.1): it has been used to
      // smuggle a Transfer-Encoding that one parser sees and another does not.
      if (isWhitespace(line[nameEnd])) throw badRequest('Whitespace between field name and colon');
      throw badRequest('Invalid character in a field name, or no colon');
    }
    if (nameEnd === start) throw badRequest('Empty field name');
    let valueStart = nameEnd + 1;
    let valueEnd = end;
    while (valueStart < valueEnd && isWhitespace(line[valueStart])) valueStart++;
    while (valueEnd > valueStart && isWhitespace(line[valueEnd - 1])) valueEnd--;
    if (skipWhile(FIELD_VALUE, line, valueStart, valueEnd) !== valueEnd) {
      throw badRequest('Control character (NUL, CR, ...) in a field value');
    }
    const name = this.latin1(line, start, nameEnd);
    const value = this.latin1(line, valueStart, valueEnd);
    // Trailers cannot change the framing: the body has already been read (RFC 9110 §6.5.1).
    if (kind === 'header') this.noteFramingField(name, value);
    this.protocol.onHeader?.(name, value);
  }

  /** Remembers the fields that decide the framing and the connection. */
  private noteFramingField(name: string, value: string): void {
    // Most fields are none of these three: their length alone says so, at once.
    switch (name.length) {
      case 14:
        if (equalsIgnoringCase(name, 'content-length')) {
          // RFC 9110 §8.6 lets a recipient either merge identical duplicates or refuse them.
          // Refusing is simpler and safer: a proxy that merged differently would frame the body
          // differently.
          if (this.contentLength !== undefined) throw badRequest('More than one Content-Length');
          this.contentLength = parseContentLength(value);
        }
        break;
      case 17:
        if (equalsIgnoringCase(name, 'transfer-encoding')) {
          // Several field lines make one list (RFC 9110 §5.3).
          this.transferEncoding =
            this.transferEncoding === undefined ? value : `${this.transferEncoding}, ${value}`;
        }
        break;
      case 10:
        if (equalsIgnoringCase(name, 'connection')) {
          this.noteConnectionOptions(value);
        }
        break;
    }
  }

  /**
   * Connection = #connection-option (RFC 9110 §7.6.1). Read in place rather than with
   * listElements: browsers send Connection with nearly every request, and making that array
   * cost the parser a tenth of its speed (npm run bench: 1.0x against llhttp fell to 0.89x).
   */
  private noteConnectionOptions(options: string): void {
    for (let start = 0; start <= options.length; ) {
      let end = options.indexOf(',', start);
      if (end === -1) end = options.length;
      const option = trimWhitespace(options.slice(start, end));
      if (equalsIgnoringCase(option, 'close')) this.connectionClose = true;
      else if (equalsIgnoringCase(option, 'keep-alive')) this.connectionKeepAlive = true;
      start = end + 1;
    }
  }
  // #endregion header-line

  // #region framing
  /** The empty line: decides how long the body is (RFC 9112 §6.3), refusing every doubt. */
  private onEndOfHead(): void {
    const chunked = this.transferEncoding !== undefined;
    if (chunked) {
      if (this.contentLength !== undefined) {
        throw badRequest('Both Content-Length and Transfer-Encoding (RFC 9112 §6.3)');
      }
      if (this.httpVersion === '1.0') {
        throw badRequest('Transfer-Encoding in an HTTP/1.0 request (RFC 9112 §6.1)');
      }
      checkTransferCodings(this.transferEncoding as string);
    } else if (this.contentLength !== undefined && this.contentLength > this.maxBodySize) {
      throw this.bodyTooLarge();
    }
    this.protocol.onHeadersComplete?.();
    if (chunked) {
      this.state = 'chunk-size';
      this.chunkedBodyLength = 0;
    } else if (this.contentLength) {
      this.state = 'body';
      this.bodyRemaining = this.contentLength;
    } else {
      // A request without either field has no body (RFC 9112 §6.3, point 7).
      this.completeMessage();
    }
  }

  /** The error for a body over maxBodySize, whether its Content-Length or its chunks say so. */
  private bodyTooLarge(): HttpParserError {
    return new HttpParserError(413, `Body longer than ${this.maxBodySize} bytes`);
  }
  // #endregion framing

  // #region body
  /** Passes on the bytes of a Content-Length body or of one chunk, as views of the input. */
  private readBody(bytes: Buffer, offset: number): number {
    const end = Math.min(bytes.length, offset + this.bodyRemaining);
    this.bodyRemaining -= end - offset;
    this.protocol.onBody?.(bytes.subarray(offset, end));
    if (this.bodyRemaining === 0) {
      if (this.state === 'body') this.completeMessage();
      else this.state = this.crlf ? 'chunk-data-cr' : 'chunk-data-lf';
    }
    return end;
  }

  private completeMessage(): void {
    this.state = 'request-line';
    this.headBytes = 0;
    this.protocol.onMessageComplete?.();
  }
  // #endregion body

  // #region chunked
  /** chunk-size [ chunk-ext ] (RFC 9112 §7.1): hex digits, then extensions that we ignore. */
  private onChunkSizeLine(line: Buffer, start: number, end: number): void {
    let size = 0;
    let index = start;
    for (; index < end && HEX_VALUE[line[index] as number] !== -1; index++) {
      size = size * 16 + (HEX_VALUE[line[index] as number] as number);
      if (size > Number.MAX_SAFE_INTEGER) throw badRequest('Chunk size too large');
    }
    // After the hex digits only an extension (";"), or whitespace before one, may follow: "0x5"
    // and "5z" are not sizes.
    const next = line[index];
    if (index === start || (index < end && next !== SEMICOLON && !isWhitespace(next))) {
      throw badRequest('Chunk size is not a hex number');
    }
    checkChunkExtensions(line, index, end);
    if (this.chunkedBodyLength + size > this.maxBodySize) {
      throw this.bodyTooLarge();
    }
    this.chunkedBodyLength += size;
    if (size === 0) {
      this.state = 'trailer-line'; // the last chunk: trailer fields may follow
      this.headBytes = 0;
    } else {
      this.state = 'chunk-data';
      this.bodyRemaining = size;
    }
  }

  /**
   * The line end after a chunk's data, checked byte by byte: any other byte means that the
   * chunk size was a lie, and nothing after it can be trusted.
   */
  private readChunkDataEnd(bytes: Buffer, offset: number): number {
    const cr = this.state === 'chunk-data-cr';
    if (bytes[offset] !== (cr ? CR : LF)) throw badRequest('No CRLF after chunk data');
    this.state = cr ? 'chunk-data-lf' : 'chunk-size';
    return offset + 1;
  }

  /** Trailer fields (RFC 9112 §7.1.2) go to onHeader; the empty line ends the message. */
  private onTrailerLine(line: Buffer, start: number, end: number): void {
    if (start === end) {
      this.completeMessage();
      return;
    }
    this.onFieldLine(line, start, end, 'trailer');
  }
  // #endregion chunked
}

// #region framing-values
/** Content-Length = 1*DIGIT (RFC 9110 §8.6): no sign, no hex, no spaces, no list. */
function parseContentLength(value: string): number {
  if (!/^\d+$/.test(value)) throw badRequest(`Invalid Content-Length: ${JSON.stringify(value)}`);
  const length = Number(value);
  if (!Number.isSafeInteger(length)) throw badRequest('Content-Length too large');
  return length;
}

/** Only chunked is understood, it must come last (RFC 9112 §6.3) and only once (§7). */
function checkTransferCodings(transferEncoding: string): void {
  const codings = listElements(transferEncoding);
  if (!equalsIgnoringCase(codings.at(-1) ?? '', 'chunked')) {
    throw badRequest('The last transfer coding is not chunked: the body length is unknown');
  }
  const before = codings.slice(0, -1);
  if (before.some((coding) => equalsIgnoringCase(coding, 'chunked'))) {
    throw badRequest('Transfer-Encoding applies chunked twice');
  }
  if (before.length > 0) {
    // RFC 9112 §6.1: a server SHOULD answer 501 to a transfer coding it does not understand.
    throw new HttpParserError(501, `Transfer coding not implemented: ${before.join(', ')}`);
  }
}

/** chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] ) (RFC 9112 §7.1.1) */
function checkChunkExtensions(line: Buffer, start: number, end: number): void {
  let index = start;
  const skipSpaces = () => {
    while (index < end && isWhitespace(line[index])) index++;
  };
  while (index < end) {
    skipSpaces();
    if (line[index] !== SEMICOLON || index === end) throw badRequest('Invalid chunk extension');
    index++;
    skipSpaces();
    const nameEnd = skipWhile(TOKEN, line, index, end);
    if (nameEnd === index) throw badRequest('Invalid chunk extension name');
    index = nameEnd;
    skipSpaces();
    if (index === end || line[index] !== EQUALS) continue;
    index++;
    skipSpaces();
    index =
      line[index] === DQUOTE ? skipQuotedString(line, index, end) : skipToken(line, index, end);
  }
}

function skipToken(line: Buffer, start: number, end: number): number {
  const tokenEnd = skipWhile(TOKEN, line, start, end);
  if (tokenEnd === start) throw badRequest('Invalid chunk extension value');
  return tokenEnd;
}

/** quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4) */
function skipQuotedString(line: Buffer, start: number, end: number): number {
  let index = start + 1;
  while (index < end) {
    const byte = line[index] as number;
    if (byte === DQUOTE) return index + 1;
    if (byte === BACKSLASH && index + 1 < end && FIELD_VALUE[line[index + 1] as number] === 1) {
      index += 2;
    } else if (QUOTED_TEXT[byte] === 1) {
      index++;
    } else {
      break;
    }
  }
  throw badRequest('Invalid quoted string in a chunk extension');
}
// #endregion framing-values
