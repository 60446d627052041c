// Chapter 8: static files done right. Files are streamed from disk as the client reads them, carry
// ETag and Last-Modified (a revalidation gets 304), honour Range (206, 416, If-Range), go out
// compressed with gzip or br when the client accepts it, and /a/page serves a/page.html (clean
// URLs). That is src/static-files.ts, with one module per idea: src/conditional.ts (validators,
// RFC 9110 13), src/ranges.ts (RFC 9110 14), src/compression.ts (Accept-Encoding) and
// src/chunked.ts, which the Session uses to send a body of unknown length. This file changes
// little: the folder served (HTDOCS), and serveFile hands an open file to StaticFiles.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type Application,
  escapeForLog,
  headerValue,
  type Message,
  type Response,
  Session,
  statusName,
} from './session.ts';
import { StaticFiles } from './static-files.ts';
import { WorkerPool } from './worker-pool.ts';

// #region config
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = integerFromEnvironment('PORT', 8080, 65535);
// A client that has not finished its request head this long after connecting gets a 408: a
// connection that sends nothing would otherwise stay open (and hold its memory) forever.
const HEADERS_TIMEOUT_MS = integerFromEnvironment('HEADERS_TIMEOUT_MS', 10_000, 2 ** 31 - 1);
// The same for a body, once the head is in: 30 s lets 1 MiB through at 35 KB/s.
const BODY_TIMEOUT_MS = integerFromEnvironment('BODY_TIMEOUT_MS', 30_000, 2 ** 31 - 1);
// A kept connection with no request for this long is closed: each one holds a socket and a
// little memory, and a browser keeps a few open to every site it has visited.
const KEEP_ALIVE_TIMEOUT_MS = integerFromEnvironment('KEEP_ALIVE_TIMEOUT_MS', 5_000, 2 ** 31 - 1);
// After this many answers a connection closes (the client opens another): one client cannot
// keep one connection forever.
const MAX_REQUESTS_PER_CONNECTION = integerFromEnvironment(
  'MAX_REQUESTS_PER_CONNECTION',
  1000,
  2 ** 31 - 1,
);
// One worker thread per core by default (at least two, so that the pool is a pool): more threads
// than cores would only take turns on the same CPUs.
const WORKERS = integerFromEnvironment('WORKERS', Math.max(2, os.availableParallelism()), 256);

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
// A head longer than 16 KiB gets 431: we never hold more than that of someone's request head in
// memory. A body larger than 1 MiB gets 413: /post keeps the whole body in memory to answer it.
// (The parser also answers 414 for a target longer than 8 KiB.)
const MAX_HEAD_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;
// /work keeps a CPU busy for at most this long: a request cannot take a worker for an hour.
const MAX_WORK_MS = 10_000;
// #endregion limits

// #region htdocs
// By default htdocs/ next to this source file, not in the current directory: the server serves
// the same files whether it was started from its own folder or from the other end of the disk.
// HTDOCS names another folder (relative to the current directory): `HTDOCS=docs/.vitepress/dist`
// serves a site built elsewhere.
const htdocsPath = process.env.HTDOCS
  ? path.resolve(process.env.HTDOCS)
  : fileURLToPath(new URL('../htdocs/', import.meta.url));
if (!statSync(htdocsPath, { throwIfNoEntry: false })?.isDirectory()) {
  console.error(`HTDOCS must name a folder to serve, and ${htdocsPath} is not one.`);
  process.exit(1);
}
const staticFiles = new StaticFiles(htdocsPath, statusPage);
// #endregion htdocs

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
/** What a request asks for: the parser's message, with its target taken apart. */
interface Request extends Message {
  path: string; // "/ipsum.html", still %-encoded
  query: string; // "x=1", or "" when there is none
  host: string | undefined; // who the client thinks it is talking to: "localhost:8080"
}

/**
 * The parser has already checked the request line and the header fields (400, 414, 505, 431).
 * What is left is what only the server can judge: whether it knows the method, and what the
 * target names.
 */
function parseRequest(message: Message): Request {
  if (!KNOWN_METHODS.includes(message.method)) {
    throw new HttpError(501, 'This server does not implement that method.');
  }
  const form = splitTarget(message.method, message.target);
  // RFC 9112 3.2.2: with an absolute-form target, its authority wins over the Host header.
  const host = form.authority ?? headerValue(message.headers, 'host');
  return { ...message, path: form.path, query: form.query, host };
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
// Each route says which methods it answers. A method HTTP defines (RFC 9110 9.3, RFC 5789) that
// the route does not answer gets 405, with Allow saying what would work. Any other token, CONNECT
// included (it asks us to become a tunnel), is a method we do not implement: 501.
const KNOWN_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE'];

function checkMethod(request: Request, allowed: string[]): void {
  if (!allowed.includes(request.method)) {
    throw new HttpError(405, `The methods that work here are ${allowed.join(', ')}.`, {
      Allow: allowed.join(', '),
    });
  }
}
// #endregion methods

// #region route
interface Route {
  methods: string[];
  answer(request: Request): Response | Promise<Response>;
}

// The paths that are code, not files. Every other path is a file under htdocs/.
const routes: Record<string, Route> = {
  '/get': { methods: ['GET', 'HEAD'], answer: getJson },
  '/post': { methods: ['POST'], answer: postJson },
  '/work': { methods: ['GET', 'HEAD'], answer: work },
  '/sleep': { methods: ['GET', 'HEAD'], answer: sleep },
};
const files: Route = { methods: ['GET', 'HEAD'], answer: serveFile };

/** Which code answers a request, once it has checked the method. */
async function route(request: Request): Promise<Response> {
  const { methods, answer } = routes[request.path] ?? files;
  checkMethod(request, methods);
  return answer(request);
}
// #endregion route

// #region serve-file
async function serveFile(request: Request): Promise<Response> {
  const decoded = decodePath(request.path);
  if (decoded === undefined) return statusPage(400, 'The path holds a malformed %-escape.');
  // A path that ends in "/" names a folder: serve the folder's index.html.
  const wanted = decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = await staticFiles.find(wanted);
  // A path we refuse (../secret.txt, .env) answers exactly as a missing file does, so that a
  // stranger cannot tell a forbidden file from one that is not there.
  if (file === undefined) return notFound();
  if (file === 'folder') return redirectToFolder(request);
  // Validators and 304, ranges, compression, and a body streamed from disk: src/static-files.ts.
  return staticFiles.answer(request, file);
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

/**
 * 404, with the folder's own page, 404.html, read from disk like any other page. A folder chosen
 * with HTDOCS may have none: then our small status page.
 */
async function notFound(): Promise<Response> {
  try {
    const page = await readFile(path.join(htdocsPath, '404.html'));
    return response(404, 'text/html; charset=utf-8', page);
  } catch {
    return statusPage(404, 'There is no page at this address.');
  }
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

// #region get-json
/**
 * GET /get describes the request it received, in the shape httpbin.org uses:
 * {"args": {"name": "you"}, "headers": {"Host": "localhost:8080", ...}, "url": "http://..."}
 */
function getJson(request: Request): Response {
  return jsonResponse({
    args: argsOf(request.query),
    headers: headersOf(request),
    url: urlOf(request),
  });
}

/** A query string (or a form body) as an object; a repeated key (a=1&a=2) becomes a list. */
function argsOf(query: string): Record<string, string | string[]> {
  const args: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(query)) {
    const earlier = args[name];
    if (earlier === undefined) args[name] = value;
    else args[name] = Array.isArray(earlier) ? [...earlier, value] : [earlier, value];
  }
  return args;
}

/** The header fields as an object: a repeated field's values joined by commas (RFC 9110 5.3). */
function headersOf(request: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) {
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

/** The URL the client asked for. An HTTP/1.0 client may send no Host: then we name ourselves. */
function urlOf(request: Request): string {
  const query = request.query === '' ? '' : `?${request.query}`;
  return `http://${request.host ?? serverAuthority()}${request.path}${query}`;
}
// #endregion get-json

// #region post-json
/**
 * POST /post answers what it received, as httpbin.org does: the body as text ("data"), as a form
 * ("form": what an HTML form sends, application/x-www-form-urlencoded), or as JSON ("json").
 *   name=John&surname=Doe  ->  {"form": {"name": "John", "surname": "Doe"}, "json": null, ...}
 */
function postJson(request: Request): Response {
  const contentType = headerValue(request.headers, 'content-type')?.toLowerCase() ?? '';
  const isForm = contentType.startsWith('application/x-www-form-urlencoded');
  const text = request.body.toString('utf8');
  return jsonResponse({
    args: argsOf(request.query),
    data: isForm ? '' : text,
    files: {},
    form: isForm ? argsOf(text) : {},
    headers: headersOf(request),
    json: contentType.startsWith('application/json') ? parseJsonOrNull(text) : null,
    url: urlOf(request),
  });
}

/** httpbin answers "json": null for a body that does not parse, rather than refusing it. */
function parseJsonOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
// #endregion post-json

// #region work
// The worker threads, started once and shared by every request. A fixed number: a flood of /work
// requests waits in the pool's queue instead of starting a thread each.
const pool = new WorkerPool(WORKERS);

/**
 * GET /work?ms=N keeps a CPU busy for N ms. It stands for any CPU-heavy job (resizing an image,
 * hashing a password). It runs on a worker thread, so this thread stays free to serve everyone
 * else; the answer names the worker and when it started and finished.
 */
async function work(request: Request): Promise<Response> {
  return jsonResponse(await pool.busyFor(millisecondsOf(request)));
}

/** GET /sleep?ms=N waits N ms without using a CPU: a timer, so nothing else has to wait. */
async function sleep(request: Request): Promise<Response> {
  const ms = millisecondsOf(request);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return jsonResponse({ slept: ms });
}

/** The ms=N of the query: a whole number from 0 to MAX_WORK_MS, or a 400. */
function millisecondsOf(request: Request): number {
  const text = new URLSearchParams(request.query).get('ms') ?? '';
  if (!/^\d{1,6}$/.test(text) || Number(text) > MAX_WORK_MS) {
    throw new HttpError(400, `ms must be a whole number of milliseconds, 0 to ${MAX_WORK_MS}.`);
  }
  return Number(text);
}
// #endregion work

// #region response
// The Response type, and turning it into bytes, now live in session.ts: the session sends it.
function response(
  status: number,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Response {
  return { status, headers: { 'Content-Type': contentType, ...headers }, body };
}

function jsonResponse(value: unknown): Response {
  return response(200, 'application/json', Buffer.from(`${JSON.stringify(value, null, 2)}\n`));
}
// #endregion response

// #region status-page
/**
 * A small page for a status other than 200: its code, its name, and why. The parser's
 * explanations may quote the client's bytes, so they are escaped: a request cannot write HTML
 * into our page.
 */
function statusPage(
  status: number,
  explanation: string,
  headers: Record<string, string> = {},
): Response {
  const title = statusName(status);
  const page = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>${escapeHtml(explanation)}</p></body>`,
    '</html>',
    '',
  ].join('\n');
  return response(status, 'text/html; charset=utf-8', Buffer.from(page), headers);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
// #endregion status-page

// #region handle
/**
 * The response to one complete request. The parser has checked its syntax; here come the method
 * (501), the target (400) and Host (400), then the route, which checks the method (405).
 */
async function respond(message: Message): Promise<Response> {
  let answer: Response;
  try {
    const request = parseRequest(message);
    checkHost(request);
    answer = await route(request);
  } catch (error) {
    answer = errorResponse(error, `${message.method} ${message.target}`);
  }
  // HEAD gets the head GET would get (same status, same Content-Length), and no body.
  return message.method === 'HEAD' ? { ...answer, withoutBody: true } : answer;
}

/**
 * A refused request (HttpError) gets the status it names. Anything else that throws (an
 * unreadable file, a bug) becomes a 500 for this client; the exception goes no further, so the
 * server carries on with the next.
 */
function errorResponse(error: unknown, request: string): Response {
  if (error instanceof HttpError) return statusPage(error.status, error.message, error.headers);
  console.error(`Error answering "${escapeForLog(request)}": ${(error as Error).message}`);
  return statusPage(500, 'Something went wrong on our side while answering.');
}

/** What a Session asks of this server: the answer to a request, or to one it had to refuse. */
const app: Application = {
  respond,
  refuse: (status, explanation) => statusPage(status, explanation),
};
// #endregion handle

// #region connection
// Each connection is a Session: it reads the request with the parser, asks `app` for the answer
// and sends it. Here we only keep the set of open sessions, for the shutdown.
const sessions = new Set<Session>();

// allowHalfOpen: a client may send its request and then close its sending side (printf ... | nc
// does). Node would then close ours at once, before the answer is written; the Session closes it.
// noDelay: a file's head and its body now go out in separate writes. With Nagle's algorithm on,
// the kernel holds the body back until the client acknowledges the head, and the client delays
// that acknowledgement by up to 40 ms: a 1 KB file at 700 requests/s instead of 10,000.
const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
  const session = new Session(socket, app, {
    headersTimeoutMs: HEADERS_TIMEOUT_MS,
    bodyTimeoutMs: BODY_TIMEOUT_MS,
    maxHeaderSize: MAX_HEAD_BYTES,
    maxBodySize: MAX_BODY_BYTES,
    keepAliveTimeoutMs: KEEP_ALIVE_TIMEOUT_MS,
    maxRequestsPerConnection: MAX_REQUESTS_PER_CONNECTION,
  });
  sessions.add(session);
  session.done().then(() => sessions.delete(session));
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

// "Listening" means ready: the worker threads have started too.
pool.whenReady().then(
  () => {
    server.listen(PORT, HOST, () => {
      console.log(`Listening on http://${serverAuthority()}`);
    });
  },
  (error: Error) => {
    console.error(`The worker threads could not start: ${error.message}`);
    process.exit(1);
  },
);

/** "127.0.0.1:8080": the host and the real port we listen on (PORT=0 picks one). */
function serverAuthority(): string {
  const { port } = server.address() as net.AddressInfo;
  const host = HOST.includes(':') ? `[${HOST}]` : HOST; // an IPv6 address goes in brackets
  return `${host}:${port}`;
}
// #endregion listen

// #region shutdown
// Ctrl-C (SIGINT) or SIGTERM: a graceful stop. No new connections; connections with no complete
// request (kept ones waiting for their next request among them) are closed; requests in flight
// are answered, with Connection: close (their sessions close once the answers are sent);
// then the worker threads stop and the process exits 0. A second signal, or clients still
// connected after SHUTDOWN_GRACE_MS, and it stops at once.
const SHUTDOWN_GRACE_MS = 10_000;
let stopping = false;

function shutdown(): void {
  if (stopping) stopNow('a second signal');
  stopping = true;
  server.close();
  for (const session of sessions) session.stop();
  const deadline = setTimeout(
    () => stopNow(`${sessions.size} connection(s) still open after ${SHUTDOWN_GRACE_MS} ms`),
    SHUTDOWN_GRACE_MS,
  );
  Promise.all([...sessions].map((session) => session.done()))
    .then(() => pool.close())
    .then(() => {
      clearTimeout(deadline);
      process.exit(0);
    });
}

function stopNow(why: string): never {
  console.log(`Stopping now: ${why}.`);
  process.exit(0);
}

process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// #endregion shutdown
