// Chapter 2: HTTP basics, for every step from 2 on. Read the whole head however it arrives, answer
// a correct HTTP/1.1 response with CRLF line ends, a byte-counted Content-Length, a Date, and close.
import { expect } from 'vitest';
import { curl, pythonGet } from '../src/clients.ts';
import { requestHead } from '../src/raw-client.ts';
import { ordinal } from '../src/report.ts';
import type { Spec } from '../src/spec.ts';
import { expectCrlfHead, expectExactContentLength, IMF_FIXDATE } from './requests.ts';

const GET_ROOT = requestHead('GET', '/', 'localhost', ['Accept: */*']);
// For the checks that read until the server closes: from chapter 7 on, a server keeps the
// connection open after its answer unless the client asks it to close.
const GET_ROOT_THEN_CLOSE = requestHead('GET', '/', 'localhost', [
  'Accept: */*',
  'Connection: close',
]);

export const helloHttpSpec: Spec = {
  id: '02-hello-http',
  title: 'HTTP basics',
  from: 2,
  checks: [
    {
      name: 'answers HTTP/1.1 200 OK with CRLF line ends',
      async run(t) {
        const { response } = await t.exchange(GET_ROOT);
        expect(response.statusLine, 'the status line').toBe('HTTP/1.1 200 OK');
        expectCrlfHead(response);
      },
    },
    {
      name: 'says Content-Type: text/html; charset=utf-8',
      async run(t) {
        const { response } = await t.exchange(GET_ROOT);
        expect(response.header('content-type')?.toLowerCase().replace(/\s/g, '')).toBe(
          'text/html;charset=utf-8',
        );
      },
    },
    {
      name: 'has a Content-Length that counts bytes (the page holds non-ASCII text)',
      async run(t) {
        const { response, connection } = await t.exchange(GET_ROOT_THEN_CLOSE, {
          expectClose: true,
        });
        const bodyBytes = connection.received.length - response.head.length;
        expectExactContentLength(response, bodyBytes);
        expect(
          response.body.some((byte) => byte >= 0x80),
          'the page should hold non-ASCII text',
        ).toBe(true);
      },
    },
    {
      name: 'has a Date header, an IMF-fixdate of now',
      async run(t) {
        const { response } = await t.exchange(GET_ROOT);
        const date = response.header('date') ?? '';
        expect(date, 'Date like "Tue, 24 Nov 2026 08:49:37 GMT"').toMatch(IMF_FIXDATE);
        expect(
          Math.abs(Date.parse(date) - Date.now()),
          'Date should be the current time',
        ).toBeLessThan(60_000);
      },
    },
    {
      name: 'says Connection: close and closes after the response',
      // One request per connection ends at chapter 6: chapter 7 keeps the connection open.
      until: 6,
      async run(t) {
        const { response } = await t.exchange(GET_ROOT, { expectClose: true });
        expect(response.header('connection')?.toLowerCase()).toBe('close');
      },
    },
    {
      name: 'a client that half-closes after its request still gets the whole answer',
      async run(t) {
        // printf 'GET / ...' | nc -N does this: it sends the request, then closes its sending side
        // (a TCP half-close, FIN) while it waits for the answer. Request and FIN go together, so
        // that the server usually sees the end of the stream before it can have answered; a
        // server that drops the answer then may still win the race once, so we ask five times.
        for (let attempt = 1; attempt <= 5; attempt++) {
          const connection = await t.connect();
          connection.halfClose(GET_ROOT);
          const received = await connection.readUntilClose();
          const response = await connection.readResponse().catch((error: Error) => {
            throw new Error(
              `after the client half-closed (the ${ordinal(attempt)} time), ${error.message}: a half-close only means "I have finished sending"; answer, then close (net.createServer({ allowHalfOpen: true }, ...))`,
            );
          });
          expect(response.status).toBe(200);
          expectExactContentLength(response, received.length - response.head.length);
        }
      },
    },
    {
      name: 'a request sent one byte at a time gets exactly one response, after the last byte',
      timeoutMs: 15_000,
      async run(t) {
        const { response, connection } = await t.exchange(GET_ROOT_THEN_CLOSE, {
          pieceSize: 1,
          pauseMs: 2,
          expectClose: true,
        });
        expect(
          connection.receivedWhileSending,
          'the server answered before the request head was complete (it must read until the empty line)',
        ).toBe(0);
        expect(response.status).toBe(200);
        const bodyBytes = connection.received.length - response.head.length;
        expect(bodyBytes, 'exactly one response, nothing after its body').toBe(
          Number(response.header('content-length')),
        );
      },
    },
    {
      name: 'waits when the empty line that ends the head is split across packets',
      async run(t) {
        const { response, connection } = await t.exchange(GET_ROOT, {
          splitAt: [GET_ROOT.length - 3],
          pauseMs: 50,
        });
        expect(
          connection.receivedWhileSending,
          'the server answered before the head was complete',
        ).toBe(0);
        expect(response.status).toBe(200);
      },
    },
    {
      name: 'accepts a head typed in nc, with bare LF line ends',
      async run(t) {
        const { response } = await t.exchange('GET / HTTP/1.1\nHost: localhost\n\n');
        expect(response.status).toBe(200);
      },
    },
    {
      name: 'serves clients concurrently, in any order',
      async run(t) {
        // Ten clients connect; the last to connect asks first. A server that serves one connection
        // at a time waits for the first client, which is still silent.
        const connections = await Promise.all(Array.from({ length: 10 }, () => t.connect()));
        for (const [i, connection] of [...connections.entries()].reverse()) {
          await connection.send(GET_ROOT);
          await connection.readResponse({ timeoutMs: 3000 }).catch((error: Error) => {
            throw new Error(
              `client ${i + 1} of 10 (the ${ordinal(10 - i)} to ask) got no response: ${error.message}`,
            );
          });
        }
      },
    },
    {
      name: 'works with curl',
      async run(t) {
        const run = await curl(`${t.server.url}/`);
        expect(run.code, `curl failed: ${run.stderr}`).toBe(0);
        expect(run.stdout.toString('latin1')).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      },
    },
    {
      name: "works with Node's fetch",
      async run(t) {
        // 10 s, as the raw client's waits: fetch's first call also loads undici, slow on a busy machine.
        const response = await fetch(`${t.server.url}/`, { signal: AbortSignal.timeout(10_000) });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect((await response.text()).length).toBeGreaterThan(0);
      },
    },
    {
      name: "works with Python's urllib",
      async run(t) {
        const response = await pythonGet(`${t.server.url}/`);
        expect(response.status).toBe(200);
        expect(response.contentType).toMatch(/^text\/html/);
        expect(response.body.length).toBeGreaterThan(0);
      },
    },
    {
      name: 'answers with the Hello, World! page',
      until: 2,
      async run(t) {
        const { response } = await t.exchange(GET_ROOT);
        expect(response.body.toString('utf8')).toContain('Hello, World!');
      },
    },
    {
      name: 'prints the request it received',
      until: 3,
      async run(t) {
        const marker = `X-Checked-By: harness-${Date.now()}`;
        await t.exchange(requestHead('GET', '/printed', 'localhost', [marker]));
        await t.server.waitForOutput(/GET \/printed HTTP\/1\.1/, 3000);
        await t.server.waitForOutput(new RegExp(marker), 3000);
      },
    },
  ],
};
