// Chapter 5: 404 and friends. A missing file is the client's mistake, not the server's: it gets
// 404 and htdocs/404.html instead of a 500. Every other way a request can be wrong gets the status
// that says which (400, 405, 408, 414, 431, 501, 505); HEAD gets GET's head without the body; a
// folder asked for without its slash gets a 301 to the address with it.
import { readFile, realpath, stat } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// #region config
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = integerFromEnvironment('PORT', 8080, 65535);
// A client that has not finished its request head this long after connecting gets a 408: a
// connection that sends nothing would otherwise stay open (and hold its memory) forever.
const HEADERS_TIMEOUT_MS = integerFromEnvironment('HEADERS_TIMEOUT_MS', 10_000, 2 ** 31 - 1);

function integerFromEnvironment(name: string, fallback: number, max: number): number {
  const text = process.env[name] ?? String(fallback);
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    console.error(`${name} must be a number from 0 to ${max}, not "${text}".`);
    process.exit(1);
  }
  return value;
}
// #endregion config

// #region limits
// A head longer than this gets 431: we never hold more than 16 KiB of someone's request head in
// memory. A target longer than 8 KiB gets 414 (RFC 9112 3: at least 8000 octets should work).
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_TARGET_BYTES = 8 * 1024;
// #endregion limits

// #region htdocs
// Found next to this source file, not in the current directory: the server serves the same
// files whether it was started from its own folder or from the other end of the disk.
const htdocs = new URL('../htdocs/', import.meta.url);
const htdocsPath = fileURLToPath(htdocs); // the same folder as a file system path, for node:path
// #endregion htdocs

// #region head-end
/**
 * Where the request head ends: just after the first empty line. HTTP says lines end with CRLF,
 * so the head ends with CRLF CRLF; someone typing in nc sends bare LF, so LF LF ends it too.
 * Returns -1 while the head is not complete yet.
 */
function endOfHead(received: Buffer): number {
  const crlf = received.indexOf('\r\n\r\n');
  if (crlf !== -1) return crlf + 4;
  const lf = received.indexOf('\n\n');
  return lf === -1 ? -1 : lf + 2;
}
// #endregion head-end

// #region http-error
/**
 * A request we refuse, and the status that says why. The checks below throw it; handle() turns it
 * into a small page. Its message goes into that page, so it is always ours, never the client's.
 */
class HttpError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>; // e.g. Allow, for a 405

  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}
// #endregion http-error

// #region request-line
/** What a request asks for, read from its head. */
interface Request {
  method: string; // "GET"
  target: string; // as sent: "/ipsum.html?x=1", or "http://localhost:8080/ipsum.html?x=1"
  version: string; // "HTTP/1.1"
  headers: [name: string, value: string][]; // in order, names as the client spelled them
  path: string; // "/ipsum.html", still %-encoded
  query: string; // "x=1", or "" when there is none
  host: string | undefined; // who the client thinks it is talking to: "localhost:8080"
}

/** The lines of a head, without their line ends (CRLF, or bare LF from nc). */
function headLines(head: Buffer): string[] {
  // latin1 maps each byte to one character, so no byte is lost or merged on the way to a string.
  return head.toString('latin1').split(/\r?\n/);
}

// RFC 9110 5.6.2: a method or a field name is a token: letters, digits and !#$%&'*+-.^_`|~.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// A target is visible ASCII: no space, no control character, no byte over 0x7E.
const VISIBLE_ASCII = /^[!-~]+$/;
const HTTP_VERSION = /^HTTP\/\d\.\d$/;
// A field value: visible characters, spaces, tabs and bytes over 0x7F; no other control character.
const FIELD_VALUE = /^[\t -~\x80-\xff]*$/;

/**
 * The request line ("GET /ipsum.html HTTP/1.1") split into its three parts, and the header fields
 * that follow it. Throws HttpError when the head is not a request we can answer.
 */
function parseRequest(lines: string[]): Request {
  const [requestLine = '', ...fieldLines] = lines;
  const [method, target, version] = checkRequestLine(requestLine);
  const headers = parseHeaderFields(fieldLines);
  const form = splitTarget(method, target);
  // RFC 9112 3.2.2: with an absolute-form target, its authority wins over the Host header.
  const host = form.authority ?? headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  return { method, target, version, headers, path: form.path, query: form.query, host };
}

/** The three parts of a request line, checked in the order their statuses go: 400, 414, 505, 501. */
function checkRequestLine(requestLine: string): [string, string, string] {
  const parts = requestLine.split(' '); // exactly one space between parts: "GET  /" is malformed
  const [method = '', target = '', version = ''] = parts;
  const wellFormed =
    parts.length === 3 &&
    TOKEN.test(method) &&
    VISIBLE_ASCII.test(target) &&
    HTTP_VERSION.test(version);
  if (!wellFormed) {
    throw new HttpError(400, 'A request line reads like "GET /index.html HTTP/1.1".');
  }
  if (target.length > MAX_TARGET_BYTES) {
    throw new HttpError(414, `The request target is longer than ${MAX_TARGET_BYTES} bytes.`);
  }
  if (!version.startsWith('HTTP/1.')) {
    throw new HttpError(505, 'This server speaks HTTP/1.0 and HTTP/1.1, no other version.');
  }
  if (!ALLOWED_METHODS.includes(method) && !REFUSED_METHODS.includes(method)) {
    throw new HttpError(501, 'This server does not implement that method.');
  }
  return [method, target, version];
}

/**
 * "Name: value" lines. The name is a token right up to the colon: "Host : x" is refused, since a
 * space before the colon is a way to smuggle a field past a proxy (RFC 9112 5.1). A line that
 * starts with a space (obs-fold, a value continued) is refused for the same reason (5.2).
 */
function parseHeaderFields(fieldLines: string[]): [string, string][] {
  const headers: [string, string][] = [];
  for (const line of fieldLines) {
    if (line === '') continue; // the empty line that ends the head
    const colon = line.indexOf(':');
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    if (colon === -1 || !TOKEN.test(name) || !FIELD_VALUE.test(value)) {
      throw new HttpError(400, 'A header field line reads like "Name: value".');
    }
    headers.push([name, value.trim()]);
  }
  return headers;
}
// #endregion request-line

// #region target
/**
 * The path and query of a request-target. Browsers send origin-form ("/ipsum.html?x=1"); a client
 * that thinks it talks to a proxy sends absolute-form ("http://localhost:8080/ipsum.html?x=1"),
 * and RFC 9112 3.2.2 says a server MUST accept that too. Any other shape is a 400.
 */
function splitTarget(
  method: string,
  target: string,
): { authority?: string; path: string; query: string } {
  // "OPTIONS * HTTP/1.1" (asterisk-form) asks about the server as a whole: valid, and a 405 below.
  if (method === 'OPTIONS' && target === '*') return { path: '*', query: '' };
  let authority: string | undefined;
  let pathAndQuery = target;
  const absolute = /^http:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (absolute) {
    authority = absolute[1] ?? '';
    if (!isValidHost(authority)) throw new HttpError(400, 'The host in the target is not valid.');
    const rest = absolute[2] ?? '';
    pathAndQuery = rest.startsWith('/') ? rest : `/${rest}`; // "http://host" and "http://host?x"
  }
  if (!pathAndQuery.startsWith('/')) {
    throw new HttpError(400, 'A target is a path ("/index.html") or a URL ("http://host/").');
  }
  // A fragment ("#top") is for the client alone (RFC 3986 §3.5): no request-target form has one
  // (RFC 9112 §3.2), and a browser never sends it. One typed by hand in nc is dropped, as the query
  // is when choosing the file, so that "#top" is never taken for part of a file name.
  const hash = pathAndQuery.indexOf('#');
  if (hash !== -1) pathAndQuery = pathAndQuery.slice(0, hash);
  const question = pathAndQuery.indexOf('?');
  if (question === -1) return { authority, path: pathAndQuery, query: '' };
  return {
    authority,
    path: pathAndQuery.slice(0, question),
    query: pathAndQuery.slice(question + 1),
  };
}
// #endregion target

// #region host
/**
 * One server (one address) can serve many sites, so HTTP/1.1 made Host required: it says which
 * site the client means. RFC 9112 3.2: answer 400 to an HTTP/1.1 request without Host, and to any
 * request with more than one, or with one that is not a valid host[:port].
 */
function checkHost(request: Request): void {
  const hosts = request.headers.filter(([name]) => name.toLowerCase() === 'host');
  if (hosts.length === 0 && request.version === 'HTTP/1.0') return; // HTTP/1.0 came before Host
  const [host, ...more] = hosts;
  if (!host || more.length > 0 || !isValidHost(host[1])) {
    throw new HttpError(400, 'An HTTP/1.1 request needs exactly one valid Host header field.');
  }
}

// RFC 3986 3.2.2: a host is a name (letters, digits, -._~ and !$&'()*+,;= or %-escapes; an IPv4
// address is spelled that way too) or an IP literal in brackets ("[::1]"); then maybe ":port".
const REG_NAME = /^(?:[\w\-.~!$&'()*+,;=]|%[\dA-Fa-f]{2})+$/;
const IP_FUTURE = /^v[\dA-Fa-f]+\.[\w\-.~!$&'()*+,;=:]+$/i;

function isValidHost(value: string): boolean {
  const [, host = ''] = /^(\[[^\]]*\]|[^:[\]]*)(?::\d*)?$/.exec(value) ?? [];
  if (host.startsWith('[')) {
    const literal = host.slice(1, -1);
    // node:net knows IPv6; a zone ("%eth0") means nothing to another machine.
    return (net.isIPv6(literal) && !literal.includes('%')) || IP_FUTURE.test(literal);
  }
  return REG_NAME.test(host);
}
// #endregion host

// #region methods
// A file can be read (GET) or asked about (HEAD). The other methods HTTP defines (RFC 9110 9.3,
// RFC 5789) we understand and refuse on files: 405, with Allow saying what would work. Any other
// token, CONNECT included (it asks us to become a tunnel), is a method we do not implement: 501.
const ALLOWED_METHODS = ['GET', 'HEAD'];
const REFUSED_METHODS = ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];

function checkMethod(request: Request): void {
  if (!ALLOWED_METHODS.includes(request.method)) {
    throw new HttpError(405, 'Files here can only be read: GET or HEAD.', {
      Allow: ALLOWED_METHODS.join(', '),
    });
  }
}
// #endregion methods

// #region route
/** Which code answers a request: /get is ours, every other path is a file under htdocs/. */
async function route(request: Request): Promise<Response> {
  if (request.path === '/get') return getJson(request);
  return serveFile(request);
}
// #endregion route

// #region serve-file
async function serveFile(request: Request): Promise<Response> {
  const decoded = decodePath(request.path);
  if (decoded === undefined) return statusPage(400, 'The path holds a malformed %-escape.');
  // A path that ends in "/" names a folder: serve the folder's index.html.
  const wanted = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = await resolvePath(wanted);
  // A path we refuse (../secret.txt, .env) answers exactly as a missing file does, so that a
  // stranger cannot tell a forbidden file from one that is not there.
  if (file === undefined) return notFound();
  if ((await stat(file)).isDirectory()) return redirectToFolder(request);
  const body = await readFile(file); // a Buffer: images go out byte for byte
  return response(200, contentTypeOf(wanted), body);
}

/**
 * The path with its %-escapes decoded, exactly once: "%2e%2e" becomes "..", which resolvePath
 * then refuses. (Decoding twice would turn "%252e" into "." after the checks had passed.)
 * Undefined for a malformed escape ("%zz", or "%C0%AE", an overlong spelling of ".").
 */
function decodePath(encodedPath: string): string | undefined {
  try {
    return decodeURIComponent(encodedPath);
  } catch {
    return undefined; // URIError
  }
}

/** 404, with our own page: htdocs/404.html, read from disk like any other page. */
async function notFound(): Promise<Response> {
  return response(404, 'text/html; charset=utf-8', await readFile(new URL('404.html', htdocs)));
}

/**
 * "/blog" names a folder: send the browser to "/blog/", query kept. Served at "/blog", the
 * folder's index.html would have its relative links (style.css) resolved against "/".
 */
function redirectToFolder(request: Request): Response {
  const query = request.query === '' ? '' : `?${request.query}`;
  // One leading slash only: "//example.com/" would send the browser to another site.
  const location = `/${request.path.replace(/^\/+/, '')}/${query}`;
  return statusPage(301, 'This is a folder: its address ends with a slash.', {
    Location: location,
  });
}
// #endregion serve-file

// #region resolve-path
/**
 * The real file a decoded URL path names under htdocs/, or undefined when there is no such file
 * or it must not be served: it would leave htdocs/ ("..", a backslash, a NUL, a symlink that
 * points out), or it names a dotfile or dot-folder (.env, .git/) anywhere along the way. Throws
 * as the file system does when the path cannot be resolved (ELOOP, EACCES): that is a 500.
 */
async function resolvePath(urlPath: string): Promise<string | undefined> {
  // Python's open('htdocs' + path) serves /../../etc/passwd. We refuse before touching the disk:
  // every segment starting with "." (that is "..", "." and every dotfile), backslashes (a
  // separator on Windows) and NUL (which ends a path in C, and makes Node throw).
  if (urlPath.includes('\\') || urlPath.includes('\0')) return undefined;
  if (urlPath.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = path.resolve(htdocsPath, `.${urlPath}`);
  if (!isServable(htdocsPath, file)) return undefined;
  // The path is fine on paper, but a symlink inside htdocs/ could point anywhere: follow every
  // link (in the file's path and in htdocs' own) and check the real path again.
  let realFile: string;
  try {
    realFile = await realpath(file);
  } catch (error) {
    if (notFoundCodes.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
  return isServable(await realpath(htdocsPath), realFile) ? realFile : undefined;
}

// No such file; a file where a folder should be (/index.html/x); a name longer than the disk allows.
const notFoundCodes = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG']);

/** True when file lies inside root and no segment of its path below root starts with a dot. */
function isServable(root: string, file: string): boolean {
  // The separator matters: without it, /srv/htdocs-secret/x would pass for /srv/htdocs.
  const rootWithSeparator = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  if (!file.startsWith(rootWithSeparator)) return false;
  const below = file.slice(rootWithSeparator.length).split(path.sep);
  return below.every((segment) => !segment.startsWith('.'));
}
// #endregion resolve-path

// #region content-type
// The browser does not guess from the name: it believes Content-Type. A stylesheet sent as
// text/plain is ignored, a PNG sent as text/html is shown as garbage.
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/vnd.microsoft.icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

function contentTypeOf(file: string): string {
  // Anything else is "some bytes": the browser offers to download it rather than guess.
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
// #endregion content-type

// #region get-json
/**
 * GET /get describes the request it received, in the shape httpbin.org uses:
 * {"args": {"name": "you"}, "headers": {"Host": "localhost:8080", ...}, "url": "http://..."}
 */
function getJson(request: Request): Response {
  const args: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(request.query)) {
    const earlier = args[name];
    // A repeated key (?a=1&a=2) becomes a list, as in httpbin: {"a": ["1", "2"]}.
    if (earlier === undefined) args[name] = value;
    else args[name] = Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    // A repeated field is one field whose values are joined by commas (RFC 9110 5.3).
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  const query = request.query === '' ? '' : `?${request.query}`;
  // An HTTP/1.0 client may send no Host: then we name ourselves by the address we listen on.
  const url = `http://${request.host ?? serverAuthority()}${request.path}${query}`;
  const json = `${JSON.stringify({ args, headers, url }, null, 2)}\n`;
  return response(200, 'application/json', Buffer.from(json));
}
// #endregion get-json

// #region response
interface Response {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  withoutBody?: boolean; // an answer to HEAD: Content-Length counts the body, which is not sent
}

const statusText: Record<number, string> = {
  200: 'OK',
  301: 'Moved Permanently',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  408: 'Request Timeout',
  414: 'URI Too Long',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  505: 'HTTP Version Not Supported',
};

function response(
  status: number,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Response {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body };
}

function responseBytes({ status, headers, body, withoutBody }: Response): Buffer {
  const head = [
    `HTTP/1.1 ${status} ${statusText[status]}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`, // bytes, not characters
    `Date: ${new Date().toUTCString()}`,
    'Connection: close', // one request per connection: we close after answering
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), withoutBody ? Buffer.alloc(0) : body]);
}

/** The body bytes that go on the wire: none for an answer to HEAD. */
function sentBodyLength(response: Response): number {
  return response.withoutBody ? 0 : response.body.length;
}
// #endregion response

// #region status-page
/**
 * A small page for a status other than 200: its code, its name, and why. The explanation is
 * always ours, never the client's bytes, so a request cannot write HTML into our page.
 */
function statusPage(
  status: number,
  explanation: string,
  headers: Record<string, string> = {},
): Response {
  const title = `${status} ${statusText[status]}`;
  const page = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>${explanation}</p></body>`,
    '</html>',
    '',
  ].join('\n');
  return response(status, 'text/html; charset=utf-8', Buffer.from(page), headers);
}
// #endregion status-page

// #region handle
/**
 * The response to one request head. The checks go from the outside in: the request line (400,
 * 414, 505, 501), then Host (400), then the method (405), and only then the route.
 */
async function handle(lines: string[]): Promise<Response> {
  let method = '';
  let answer: Response;
  try {
    const request = parseRequest(lines);
    method = request.method;
    checkHost(request);
    checkMethod(request);
    answer = await route(request);
  } catch (error) {
    answer = errorResponse(error, lines[0] ?? '');
  }
  // HEAD gets the head GET would get (same status, same Content-Length), and no body.
  return method === 'HEAD' ? { ...answer, withoutBody: true } : answer;
}

/**
 * A refused request (HttpError) gets the status it names. Anything else that throws (an
 * unreadable file, a bug) becomes a 500 for this client; the exception goes no further, so the
 * server carries on with the next.
 */
function errorResponse(error: unknown, requestLine: string): Response {
  if (error instanceof HttpError) return statusPage(error.status, error.message, error.headers);
  console.error(`Error answering "${escapeForLog(requestLine)}": ${(error as Error).message}`);
  return statusPage(500, 'Something went wrong on our side while answering.');
}
// #endregion handle

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
function escapeForLog(text: string): string {
  let escaped = '';
  for (const char of text) {
    const code = char.charCodeAt(0);
    const printable = code >= 0x20 && code < 0x7f && char !== '"' && char !== '\\';
    escaped += printable ? char : `\\x${code.toString(16).padStart(2, '0')}`;
  }
  return escaped;
}

/** What to log as the request line of a client cut off mid-head: "-" until its first line ends. */
function unfinishedRequestLine(received: Buffer): string {
  const lineEnd = received.indexOf('\n');
  return lineEnd === -1 ? '-' : (headLines(received.subarray(0, lineEnd + 1))[0] ?? '-');
}
// #endregion access-log

// #region connection
const openSockets = new Set<net.Socket>();

// allowHalfOpen: a client may send its request and then close its sending side (printf ... | nc
// does). Node would then close ours at once, before the answer is written; we close it ourselves.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  const client = `${socket.remoteAddress}:${socket.remotePort}`;
  openSockets.add(socket);
  // TCP is a stream, not a series of messages: one request can arrive in many pieces (or one
  // byte at a time), so we collect bytes until the head is complete. Python's recv(1024) assumes
  // it arrives in one piece; that is the bug this loop fixes.
  let received = Buffer.alloc(0);
  let answered = false;

  /** Logs the response, sends it, then closes our side once it is all written. */
  const send = (requestLine: string, answer: Response) => {
    logRequest(socket.remoteAddress ?? '-', requestLine, answer.status, sentBodyLength(answer));
    // (The client may have gone while we read the file: end() on a closed socket does nothing.)
    socket.end(responseBytes(answer));
  };
  /** From now on, whatever else the client sends (a body, a second request) is ignored. */
  const stopReading = () => {
    answered = true;
    clearTimeout(headTimer);
  };
  // A client too slow to finish its head is answered and let go (408), not waited for forever.
  const headTimer = setTimeout(() => {
    stopReading();
    send(unfinishedRequestLine(received), statusPage(408, 'The request head took too long.'));
  }, HEADERS_TIMEOUT_MS);

  socket.on('data', (chunk) => {
    if (answered) return;
    received = Buffer.concat([received, chunk]);
    const headLength = endOfHead(received);
    // Too long, finished or not: answer 431 rather than hold more of it.
    if ((headLength === -1 ? received.length : headLength) > MAX_HEAD_BYTES) {
      stopReading();
      const explanation = `The request head is longer than ${MAX_HEAD_BYTES} bytes.`;
      send(unfinishedRequestLine(received), statusPage(431, explanation));
      return;
    }
    if (headLength === -1) return;
    stopReading();
    const lines = headLines(received.subarray(0, headLength));
    handle(lines).then((answer) => send(lines[0] ?? '', answer));
  });
  socket.on('end', () => {
    if (!answered) socket.end(); // it stopped sending before its head was complete: nothing to answer
  });
  socket.on('error', (error) => console.log(`Error from ${client}: ${error.message}`));
  socket.on('close', () => {
    clearTimeout(headTimer); // a client that leaves is not sent a 408
    openSockets.delete(socket);
  });
});
// #endregion connection

// #region listen
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(
      `Port ${PORT} is already in use. Stop the other server, or pick another port: PORT=0 npm start`,
    );
  } else {
    console.error(`Cannot listen on ${HOST}:${PORT}: ${error.message}`);
  }
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  console.log(`Listening on http://${serverAuthority()}`);
});

/** "127.0.0.1:8080": the host and the real port we listen on (PORT=0 picks one). */
function serverAuthority(): string {
  const { port } = server.address() as net.AddressInfo;
  const host = HOST.includes(':') ? `[${HOST}]` : HOST; // an IPv6 address goes in brackets
  return `${host}:${port}`;
}
// #endregion listen

// #region shutdown
// Ctrl-C (SIGINT) or SIGTERM: stop accepting, drop the open connections, exit 0.
function shutdown(): void {
  server.close(() => process.exit(0));
  for (const socket of openSockets) socket.destroy();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// #endregion shutdown
