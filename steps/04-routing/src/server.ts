// Chapter 4: routing. The request line says what the client wants: we parse it, map its path to a
// file under htdocs/ (and never outside it), say what kind of file it is, answer GET /get with JSON
// that describes the request, and log one line per request.
import { readFile, realpath } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// #region config
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = portFromEnvironment();

function portFromEnvironment(): number {
  const text = process.env.PORT ?? '8080';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a number from 0 to 65535, not "${text}".`);
    process.exit(1);
  }
  return port;
}
// #endregion config

// A client that sends more than this without finishing its head is cut off: we never hold more
// than 16 KiB of someone's unfinished request in memory.
const MAX_HEAD_BYTES = 16 * 1024;

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

/**
 * The request line ("GET /ipsum.html HTTP/1.1") split into its three parts, and the header fields
 * that follow it. Returns undefined when the head is not shaped like an HTTP request.
 */
function parseRequest(lines: string[]): Request | undefined {
  const [requestLine = '', ...fieldLines] = lines;
  const parts = requestLine.split(' ');
  if (parts.length !== 3) return undefined;
  const [method, target, version] = parts as [string, string, string];
  const headers = parseHeaderFields(fieldLines);
  const form = splitTarget(target);
  if (!headers || !form) return undefined;
  // RFC 9112 3.2.2: with an absolute-form target, its authority wins over the Host header.
  const host = form.authority ?? headers.find(([name]) => name.toLowerCase() === 'host')?.[1];
  return { method, target, version, headers, path: form.path, query: form.query, host };
}

/** "Name: value" lines; undefined if one has no colon to split at. */
function parseHeaderFields(fieldLines: string[]): [string, string][] | undefined {
  const headers: [string, string][] = [];
  for (const line of fieldLines) {
    if (line === '') continue; // the empty line that ends the head
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return headers;
}
// #endregion request-line

// #region target
/**
 * The path and query of a request-target. Browsers send origin-form ("/ipsum.html?x=1"); a client
 * that thinks it talks to a proxy sends absolute-form ("http://localhost:8080/ipsum.html?x=1"),
 * and RFC 9112 3.2.2 says a server MUST accept that too. Any other shape gives undefined.
 */
function splitTarget(
  target: string,
): { authority?: string; path: string; query: string } | undefined {
  let authority: string | undefined;
  let pathAndQuery = target;
  const absolute = /^http:\/\/([^/?#]*)(.*)$/i.exec(target);
  if (absolute) {
    authority = absolute[1];
    const rest = absolute[2] ?? '';
    pathAndQuery = rest.startsWith('/') ? rest : `/${rest}`; // "http://host" and "http://host?x"
  }
  if (!pathAndQuery.startsWith('/')) return undefined;
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

// #region route
/** Which code answers a request: /get is ours, every other path is a file under htdocs/. */
async function route(request: Request): Promise<Response> {
  if (request.method !== 'GET') {
    return statusPage(501, 'This server only answers GET requests.'); // chapter 5 does better
  }
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
  if (file === undefined) {
    return statusPage(400, 'That path leads outside htdocs/ or to a hidden file.');
  }
  // A missing file makes realpath() or readFile() throw (ENOENT), and handle() turns any throw
  // into a 500. That blames the server for the client's typo: chapter 5 answers 404 instead.
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
// #endregion serve-file

// #region resolve-path
/**
 * The real file a decoded URL path names under htdocs/, or undefined when it must not be served:
 * it would leave htdocs/ ("..", a backslash, a NUL, a symlink that points out), or it names a
 * dotfile or dot-folder (.env, .git/) anywhere along the way. Throws as the file system does
 * when there is no such file (ENOENT) or it cannot be resolved (ELOOP).
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
  const realFile = await realpath(file);
  return isServable(await realpath(htdocsPath), realFile) ? realFile : undefined;
}

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
}

const statusText: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  500: 'Internal Server Error',
  501: 'Not Implemented',
};

function response(status: number, contentType: string, body: Buffer): Response {
  return { status, headers: { 'Content-Type': contentType }, body };
}

function responseBytes({ status, headers, body }: Response): Buffer {
  const head = [
    `HTTP/1.1 ${status} ${statusText[status]}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`, // bytes, not characters
    `Date: ${new Date().toUTCString()}`,
    'Connection: close', // one request per connection: we close after answering
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
// #endregion response

// #region status-page
/**
 * A small page for a status other than 200: its code, its name, and why. The explanation is
 * always ours, never the client's bytes, so a request cannot write HTML into our page.
 */
function statusPage(status: number, explanation: string): Response {
  const title = `${status} ${statusText[status]}`;
  const page = [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${title}</title></head>`,
    `<body><h1>${title}</h1><p>${explanation}</p></body>`,
    '</html>',
    '',
  ].join('\n');
  return response(status, 'text/html; charset=utf-8', Buffer.from(page));
}
// #endregion status-page

// #region handle
/**
 * The response to one request head. A handler that throws (an unreadable file, a bug) becomes a
 * 500 for this client; the exception goes no further, so the server carries on with the next.
 */
async function handle(lines: string[]): Promise<Response> {
  const request = parseRequest(lines);
  if (!request) return statusPage(400, 'That is not an HTTP request line and header fields.');
  try {
    return await route(request);
  } catch (error) {
    console.error(`Error answering "${escapeForLog(request.target)}": ${(error as Error).message}`);
    return statusPage(500, 'Something went wrong on our side while answering.');
  }
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

  socket.on('data', (chunk) => {
    if (answered) return; // anything after the head (a body, a second request) is ignored
    received = Buffer.concat([received, chunk]);
    const headLength = endOfHead(received);
    if (headLength === -1) {
      if (received.length > MAX_HEAD_BYTES) {
        console.log(
          `${client} sent over ${MAX_HEAD_BYTES} bytes without ending its head; closing.`,
        );
        socket.destroy();
      }
      return;
    }
    answered = true;
    const lines = headLines(received.subarray(0, headLength));
    handle(lines).then((answer) => {
      logRequest(socket.remoteAddress ?? '-', lines[0] ?? '', answer.status, answer.body.length);
      // end() sends the response, then closes our side once it is all written.
      // (The client may have gone while we read the file: end() on a closed socket does nothing.)
      socket.end(responseBytes(answer));
    });
  });
  socket.on('end', () => {
    if (!answered) socket.end(); // it stopped sending before its head was complete: nothing to answer
  });
  socket.on('error', (error) => console.log(`Error from ${client}: ${error.message}`));
  socket.on('close', () => openSockets.delete(socket));
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
