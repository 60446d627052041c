// Chapter 5: doing better than 500. A missing file answers 404 with htdocs/404.html; every other
// way a request can be wrong gets its own status (400, 405, 408, 414, 431, 501, 505) as a small
// page, then a close; HEAD answers as GET would, without the body; a folder without its slash
// answers 301.
import { expect } from 'vitest';
import type { Launched } from '../src/launch.ts';
import { type HttpResponse, type RawConnection, requestHead } from '../src/raw-client.ts';
import { expectSameBytes } from '../src/report.ts';
import type { CheckContext, Spec } from '../src/spec.ts';
import { htdocsBytes, htdocsFiles } from './htdocs.ts';
import { expectExactContentLength, mediaType } from './requests.ts';

const MISSING = ['/no-such-page.html', '/blog/no-such-post.html', '/no/such/folder/', '/nope.png'];

/**
 * Asserts what every error response must be: Connection: close, a Content-Length that counts
 * the body, a Content-Type that says what the body is, and (unless `page` says otherwise) a small
 * page.
 */
function expectErrorResponse(
  response: HttpResponse,
  connection: RawConnection,
  why: string,
  page: 'small' | 'any' = 'small',
): void {
  expect(
    response.header('connection')?.toLowerCase(),
    `${why}: an error response says Connection: close`,
  ).toBe('close');
  const bodyBytes = connection.received.length - response.head.length;
  expectExactContentLength(response, bodyBytes);
  if (page === 'small') {
    expect(bodyBytes, `${why}: a small page that says what went wrong`).toBeGreaterThan(0);
    expect(bodyBytes, `${why}: a small page (under 16 KiB)`).toBeLessThan(16 * 1024);
  }
  const looksLikeHtml = /^\s*<(!doctype|html)/i.test(response.body.toString('latin1'));
  expect(
    mediaType(response.header('content-type')),
    `${why}: a Content-Type that says what the page is`,
  ).toMatch(looksLikeHtml ? /^text\/html$/ : /^text\/(plain|html)$/);
}

/** Sends `request` and expects an error response with `status`, then the connection closed. */
async function expectRefused(
  t: CheckContext,
  request: string | Buffer,
  status: number,
  why: string,
  to: Launched = t.server,
): Promise<HttpResponse> {
  const { response, connection } = await t
    .exchange(request, { to, expectClose: true })
    .catch((error: Error) => {
      throw new Error(`${why}: expected ${status}, but ${error.message}`);
    });
  expect(response.status, `${why}: the server should answer ${status}`).toBe(status);
  expectErrorResponse(response, connection, why);
  return response;
}

/** The header fields of a response, names lowercased, without Date (which moves on). */
function comparableHeaders(response: HttpResponse): Array<[string, string]> {
  return response.headers
    .map(([name, value]): [string, string] => [name.toLowerCase(), value])
    .filter(([name]) => name !== 'date');
}

/**
 * The request with Connection: close added, for checks that read until the server closes: from
 * chapter 7 on, a server keeps the connection open unless asked to close it.
 */
function thenClose(request: string): string {
  return request.replace(/\r\n\r\n$/, '\r\nConnection: close\r\n\r\n');
}

/** Sends a HEAD and checks that no byte follows the head before the server closes. */
async function head(t: CheckContext, request: string): Promise<HttpResponse> {
  const { response, connection } = await t.exchange(thenClose(request), {
    bodyless: true,
    expectClose: true,
  });
  const extra = connection.received.subarray(response.head.length);
  expect(
    extra.length,
    `${JSON.stringify(request)}: an answer to HEAD has no body, but ${extra.length} bytes followed the head: ${JSON.stringify(extra.toString('latin1').slice(0, 60))}`,
  ).toBe(0);
  return response;
}

/** The first folder under htdocs/ (by name), e.g. "blog". */
function someFolder(t: CheckContext): string {
  const nested = htdocsFiles(t.target.cwd).find(({ file }) => file.includes('/'));
  if (!nested) throw new Error('htdocs/ should have a folder (blog/)');
  return nested.urlPath.slice(0, nested.urlPath.indexOf('/', 1));
}

export const notFoundSpec: Spec = {
  id: '05-404',
  title: '404 and the other errors',
  from: 5,
  checks: [
    {
      name: 'a missing file answers 404 with htdocs/404.html',
      async run(t) {
        const page = (() => {
          try {
            return htdocsBytes(t.target.cwd, '404.html');
          } catch {
            throw new Error(
              'htdocs/404.html is missing: it is the page a missing file answers with',
            );
          }
        })();
        for (const path of MISSING) {
          const { response, connection } = await t.exchange(
            requestHead('GET', path, t.server.authority),
            { expectClose: true },
          );
          expect(response.status, `GET ${path} (no such file)`).toBe(404);
          expectSameBytes(response.body, page, `the body of GET ${path} (htdocs/404.html)`);
          expectErrorResponse(response, connection, `GET ${path}`, 'any');
          expect(mediaType(response.header('content-type')), `GET ${path}`).toBe('text/html');
        }
      },
    },
    {
      name: 'a folder without its trailing slash answers 301 to the path with it (/blog → /blog/)',
      async run(t) {
        const folder = someFolder(t);
        for (const query of ['', '?page=2&sort=new']) {
          const path = `${folder}${query}`;
          const { response, connection } = await t.exchange(
            thenClose(requestHead('GET', path, t.server.authority)),
            { expectClose: true },
          );
          expect(response.status, `GET ${path}`).toBe(301);
          expectExactContentLength(response, connection.received.length - response.head.length);
          const location = response.header('location');
          expect(location, `GET ${path}: a 301 says where to go, in Location`).toBeDefined();
          const to = new URL(location ?? '', `${t.server.url}${path}`);
          expect(`${to.pathname}${to.search}`, `GET ${path}: Location (the query kept)`).toBe(
            `${folder}/${query}`,
          );
          const followed = await t.get(`${to.pathname}${to.search}`);
          expect(followed.response.status, `GET ${to.pathname}${to.search}, where it led`).toBe(
            200,
          );
        }
      },
    },
    {
      name: 'HEAD answers as GET would, status and headers, without the body',
      async run(t) {
        const host = t.server.authority;
        const cases: Array<[string, (method: string) => string]> = [
          ['/', (method) => requestHead(method, '/', host)],
          ['a missing file', (method) => requestHead(method, '/no-such-page.html', host)],
          ['an error (HTTP/1.1 without Host)', (method) => `${method} / HTTP/1.1\r\n\r\n`],
          ['a folder without its slash', (method) => requestHead(method, someFolder(t), host)],
        ];
        for (const [what, request] of cases) {
          // Both ask to close, so that both answers say Connection: close (chapter 7).
          const { response: get } = await t.exchange(thenClose(request('GET')));
          const answer = await head(t, request('HEAD'));
          expect(answer.statusLine, `HEAD for ${what}: the same status as GET`).toBe(
            get.statusLine,
          );
          expect(
            comparableHeaders(answer),
            `HEAD for ${what}: the same headers as GET (Content-Length too: the length GET's body would have)`,
          ).toEqual(comparableHeaders(get));
        }
      },
    },
    {
      name: 'a malformed request line answers 400',
      async run(t) {
        const host = `Host: ${t.server.authority}\r\n\r\n`;
        const lines: Array<[string, string]> = [
          ['no version (HTTP/0.9 style)', 'GET /'],
          ['no target', 'GET HTTP/1.1'],
          ['no method', '/ HTTP/1.1'],
          ['a fourth part', 'GET / HTTP/1.1 extra'],
          ['two spaces between method and target', 'GET  / HTTP/1.1'],
          ['a space at the end', 'GET / HTTP/1.1 '],
          ['a space at the start', ' GET / HTTP/1.1'],
          ['a lowercase version', 'GET / http/1.1'],
          ['a version without its minor number', 'GET / HTTP/1'],
          ['a version with three numbers', 'GET / HTTP/1.1.1'],
          ['a version that is not HTTP', 'GET / HTTPS/1.1'],
          ['a target without the leading /', 'GET index.html HTTP/1.1'],
          ['a control character in the target', 'GET /index\x01.html HTTP/1.1'],
          ['a DEL in the target', 'GET /index\x7f.html HTTP/1.1'],
          ['a space inside the target', 'GET /a b.html HTTP/1.1'],
          ['a method that is not a token', 'G(E)T / HTTP/1.1'],
          ['a malformed %-escape', 'GET /%zz HTTP/1.1'],
          ['a NUL in the request line', 'GET /\x00 HTTP/1.1'],
        ];
        for (const [why, line] of lines)
          await expectRefused(t, `${line}\r\n${host}`, 400, `${why}: ${JSON.stringify(line)}`);
        await t.stillServes();
      },
    },
    {
      name: 'a malformed header field answers 400: no colon, a space before the colon, obs-fold',
      async run(t) {
        const start = `GET / HTTP/1.1\r\nHost: ${t.server.authority}\r\n`;
        const fields: Array<[string, string]> = [
          ['a line without a colon', 'X-No-Colon-Here'],
          ['a space before the colon', 'Accept : */*'],
          ['obs-fold (a value continued on the next line)', 'X-Long: first\r\n  folded'],
          ['an empty name', ': no name'],
          ['a space inside the name', 'X Bad: name'],
        ];
        for (const [why, field] of fields)
          await expectRefused(
            t,
            `${start}${field}\r\n\r\n`,
            400,
            `${why}: ${JSON.stringify(field)}`,
          );
        await t.stillServes();
      },
    },
    {
      name: 'a request head over 16 KiB answers 431',
      async run(t) {
        const fields = Array.from(
          { length: 400 },
          (_, i) => `X-Padding-${String(i).padStart(3, '0')}: ${'a'.repeat(40)}`,
        );
        const request = requestHead('GET', '/', t.server.authority, fields);
        expect(request.length).toBeGreaterThan(20 * 1024);
        await expectRefused(t, request, 431, `a complete head of ${request.length} bytes`);
        await t.stillServes();
      },
    },
    {
      name: 'a request target over 8 KiB answers 414',
      async run(t) {
        for (const target of [`/${'a'.repeat(9000)}.html`, `/?q=${'b'.repeat(9000)}`]) {
          await expectRefused(
            t,
            requestHead('GET', target, t.server.authority),
            414,
            `a target of ${target.length} bytes`,
          );
        }
        await t.stillServes();
      },
    },
    {
      name: 'an unknown method (BREW) answers 501',
      async run(t) {
        await expectRefused(t, requestHead('BREW', '/', t.server.authority), 501, 'BREW /');
        await expectRefused(t, requestHead('BREW', '/pot', t.server.authority), 501, 'BREW /pot');
      },
    },
    {
      name: 'POST, PUT or DELETE on a file answers 405 with Allow: GET, HEAD',
      async run(t) {
        for (const method of ['POST', 'PUT', 'DELETE']) {
          for (const path of ['/', '/ipsum.html']) {
            const why = `${method} ${path}`;
            const response = await expectRefused(
              t,
              requestHead(method, path, t.server.authority, ['Content-Length: 0']),
              405,
              why,
            );
            const allowed = (response.header('allow') ?? '').split(',').map((m) => m.trim());
            expect(allowed, `${why}: Allow lists the methods a file accepts`).toEqual(
              expect.arrayContaining(['GET', 'HEAD']),
            );
            expect(allowed, `${why}: Allow does not list ${method}`).not.toContain(method);
          }
        }
      },
    },
    {
      name: 'an HTTP major version other than 1 answers 505',
      async run(t) {
        for (const version of ['HTTP/2.0', 'HTTP/3.0', 'HTTP/0.9']) {
          await expectRefused(
            t,
            `GET / ${version}\r\nHost: ${t.server.authority}\r\n\r\n`,
            505,
            `GET / ${version}`,
          );
        }
      },
    },
    {
      name: 'HTTP/1.1 without exactly one valid Host answers 400',
      async run(t) {
        const cases: Array<[string, string[]]> = [
          ['no Host', []],
          ['two Host lines', ['Host: localhost', 'Host: localhost']],
          ['two different Host lines', ['Host: localhost', 'Host: example.com']],
          ['a space in the host', ['Host: a b']],
          ['an IPv6 address without its closing bracket', ['Host: [::1']],
          ['a port that is not a number', ['Host: localhost:port']],
          ['a path in the host', ['Host: localhost/index.html']],
          ['user info in the host', ['Host: user@localhost']],
        ];
        for (const [why, fields] of cases) {
          const request = ['GET / HTTP/1.1', ...fields, '', ''].join('\r\n');
          await expectRefused(t, request, 400, `${why}: ${JSON.stringify(fields)}`);
        }
      },
    },
    {
      name: 'any valid Host is fine: [::1]:8080, 127.0.0.1, example.com:80; HTTP/1.0 needs none',
      async run(t) {
        const page = htdocsBytes(t.target.cwd, 'index.html');
        const requests = [
          ...['[::1]:8080', '127.0.0.1', 'example.com:80', 'localhost', 'my_host.example'].map(
            (host) => `GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
          ),
          'GET / HTTP/1.0\r\n\r\n',
        ];
        for (const request of requests) {
          const { response } = await t.exchange(request);
          expect(response.status, JSON.stringify(request)).toBe(200);
          expectSameBytes(response.body, page, `the body for ${JSON.stringify(request)}`);
        }
      },
    },
    {
      name: 'a client that sends nothing gets 408 after HEADERS_TIMEOUT_MS, then a close',
      expensive: true,
      async run(t) {
        const server = await t.launch({ env: { HEADERS_TIMEOUT_MS: '300' } });
        await expectTimedOut(t, server, '');
      },
    },
    {
      name: 'a client that sends half a head and stalls gets 408 after HEADERS_TIMEOUT_MS, then a close',
      expensive: true,
      async run(t) {
        const server = await t.launch({ env: { HEADERS_TIMEOUT_MS: '300' } });
        await expectTimedOut(t, server, `GET / HTTP/1.1\r\nHost: ${server.authority}\r\nAcc`);
      },
    },
  ],
};

/** Connects, sends `start` (maybe nothing), and expects a 408 about 300 ms later, then a close. */
async function expectTimedOut(t: CheckContext, server: Launched, start: string): Promise<void> {
  const why = start
    ? `after half a head (HEADERS_TIMEOUT_MS=300)`
    : 'silent (HEADERS_TIMEOUT_MS=300)';
  // Timed from before the connection exists: the server's clock starts later, once it has
  // accepted it, so a busy machine can only make this wait look longer, never shorter.
  const connecting = Date.now();
  const connection = await t.connect(server);
  if (start) await connection.send(start);
  const response = await connection.readResponse({ timeoutMs: 3000 }).catch((error: Error) => {
    throw new Error(`${why}: expected a 408 after about 300 ms: ${error.message}`);
  });
  const waited = Date.now() - connecting;
  expect(response.status, `${why}: the server should answer 408`).toBe(408);
  expect(waited, `${why}: the 408 came after ${waited} ms, before the timeout`).toBeGreaterThan(
    250,
  );
  await connection.readUntilClose(3000).catch(() => {
    throw new Error(`${why}: the server did not close the connection after its 408`);
  });
  expectErrorResponse(response, connection, why);
  await t.stillServes(server);
}
