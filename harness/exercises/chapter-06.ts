// Chapter 6's graded exercises: two new routes, one that sends the parsed body back, and one that
// takes a parameter from its path.
import { expect } from 'vitest';
import { requestHead } from '../src/raw-client.ts';
import { expectSameBytes } from '../src/report.ts';
import type { Exercise } from './exercise.ts';

/** Every byte value once, then some UTF-8: a body that only byte-exact code gets back whole. */
const BINARY_BODY = Buffer.concat([
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from('Grüße, 👋', 'utf8'),
]);

export const exercises: Exercise[] = [
  {
    id: '6.4',
    chapter: 6,
    title: 'Echo the body',
    task: "POST /echo answers 200 with the request's body, byte for byte, and the request's Content-Type (application/octet-stream when it has none), whether the body came with a Content-Length or chunked.",
    checks: [
      {
        name: "POST /echo answers the body byte for byte, with the request's Content-Type",
        async run(t) {
          const head = requestHead('POST', '/echo', t.server.authority, [
            'Content-Type: application/x-bytes',
            `Content-Length: ${BINARY_BODY.length}`,
          ]);
          const { response } = await t.exchange(
            Buffer.concat([Buffer.from(head, 'latin1'), BINARY_BODY]),
          );
          expect(response.status, 'POST /echo with a 265-byte body should answer').toBe(200);
          expect(response.header('content-type'), "the request's Content-Type, sent back").toBe(
            'application/x-bytes',
          );
          expectSameBytes(response.body, BINARY_BODY, 'the body of the answer to POST /echo');
        },
      },
      {
        name: 'POST /echo with a chunked body answers it whole, as application/octet-stream when untyped',
        async run(t) {
          const chunked = [
            'POST /echo HTTP/1.1',
            `Host: ${t.server.authority}`,
            'Transfer-Encoding: chunked',
            '',
            '7',
            'Hello, ',
            '6;ext=1',
            'chunks',
            '0',
            '',
            '',
          ].join('\r\n');
          const { response } = await t.exchange(chunked);
          expect(response.status, 'POST /echo with a chunked body should answer').toBe(200);
          expect(
            response.header('content-type'),
            'a body sent without a Content-Type is just bytes',
          ).toBe('application/octet-stream');
          expect(response.body.toString('latin1'), 'the chunks, joined, without the framing').toBe(
            'Hello, chunks',
          );
        },
      },
    ],
    hint: {
      expects:
        "The parser hands you the body already de-framed (Content-Length or chunked): the message's body is the bytes to send back, and its Content-Type (RFC 9110 §8.3) the type to answer with.",
      rfc: 'RFC 9112 §6',
      chapter: 6,
      heading: 'POST /post: the body, at last',
      code: { file: 'src/server.ts', region: 'post-json' },
    },
    solution: [
      {
        find: "  '/post': { methods: ['POST'], answer: postJson },\n",
        replace:
          "  '/post': { methods: ['POST'], answer: postJson },\n  '/echo': { methods: ['POST'], answer: echoBody },\n",
      },
      {
        find: '// #endregion post-json\n',
        replace: `
/** POST /echo sends the body back as it came, byte for byte, with the type it came with. */
function echoBody(request: Request): Response {
  const contentType = headerValue(request.headers, 'content-type') ?? 'application/octet-stream';
  return response(200, contentType, request.body);
}
// #endregion post-json
`,
      },
    ],
  },
  {
    id: '6.5',
    chapter: 6,
    title: 'A status on demand',
    task: 'GET /status/N answers status N, for N from 400 to 599, with the usual small page (httpbin does this, to test how clients cope with errors); any other N answers 400.',
    checks: [
      {
        name: 'GET /status/404 and /status/503 answer that status; /status/200 and /status/abc answer 400',
        async run(t) {
          for (const [path, status] of [
            ['/status/404', 404],
            ['/status/503', 503],
            ['/status/200', 400],
            ['/status/abc', 400],
            ['/status/4040', 400],
          ] as const) {
            const { response } = await t.get(path);
            expect(response.status, `GET ${path} should answer`).toBe(status);
            expect(
              response.header('content-type'),
              `GET ${path}: the small page for that status`,
            ).toMatch(/^text\/html/);
          }
        },
      },
    ],
    hint: {
      expects:
        'The route is a path with a parameter in it: take N from "/status/N", check that it is a whole number from 400 to 599, and answer statusPage(N, ...).',
      rfc: 'RFC 9110 §15',
      chapter: 6,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'route' },
    },
    solution: [
      {
        find: `async function route(request: Request): Promise<Response> {
  const { methods, answer } = routes[request.path] ?? files;`,
        replace: `async function route(request: Request): Promise<Response> {
  if (request.path.startsWith('/status/')) {
    checkMethod(request, ['GET', 'HEAD']);
    return statusOnDemand(request);
  }
  const { methods, answer } = routes[request.path] ?? files;`,
      },
      {
        find: '// #endregion route\n',
        replace: `
/** GET /status/N answers status N (an error, 400 to 599), for testing how a client copes. */
function statusOnDemand(request: Request): Response {
  const text = request.path.slice('/status/'.length);
  const status = Number(text);
  if (!/^\\d{3}$/.test(text) || status < 400 || status > 599) {
    throw new HttpError(400, 'GET /status/N wants an error status, 400 to 599.');
  }
  return statusPage(status, 'You asked for this status.');
}
// #endregion route
`,
      },
    ],
  },
];
