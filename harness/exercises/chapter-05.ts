// Chapter 5's graded exercises: a redirect for a page that moved, and an honest answer to OPTIONS.
import { expect } from 'vitest';
import { type HttpResponse, requestHead } from '../src/raw-client.ts';
import type { CheckContext } from '../src/spec.ts';
import type { Exercise } from './exercise.ts';

/** The methods that work on our files, as an OPTIONS answer lists them. */
const OPTIONS_ALLOW = ['GET', 'HEAD', 'OPTIONS'];

/** Sends OPTIONS `target`; expects 204 with Allow and nothing after the head, then a close. */
async function expectOptionsAnswer(t: CheckContext, target: string): Promise<HttpResponse> {
  const why = `OPTIONS ${target}`;
  const { response, connection } = await t.exchange(
    requestHead('OPTIONS', target, t.server.authority, ['Connection: close']),
    { expectClose: true },
  );
  expect(response.status, `${why} should answer 204 No Content`).toBe(204);
  const allowed = (response.header('allow') ?? '').split(',').map((m) => m.trim());
  expect(allowed, `${why}: Allow lists every method that works here`).toEqual(
    expect.arrayContaining(OPTIONS_ALLOW),
  );
  expect(
    response.header('content-length'),
    `${why}: a 204 MUST NOT have a Content-Length (RFC 9110 §8.6)`,
  ).toBeUndefined();
  expect(
    connection.received.length - response.head.length,
    `${why}: a 204 has no body, not one byte after the head`,
  ).toBe(0);
  return response;
}

export const exercises: Exercise[] = [
  {
    id: '5.2',
    chapter: 5,
    title: 'A page that moved',
    task: 'Answer GET /old.html with 301 Moved Permanently and Location: /ipsum.html, before looking for a file.',
    checks: [
      {
        name: 'GET /old.html answers 301 with Location: /ipsum.html, which serves the page',
        async run(t) {
          const { response } = await t.get('/old.html');
          expect(response.status, 'GET /old.html should answer 301 Moved Permanently').toBe(301);
          const location = response.header('location') ?? '';
          expect(location, 'the Location of GET /old.html names /ipsum.html').toMatch(
            /^(http:\/\/[^/]+)?\/ipsum\.html$/,
          );
          const { response: moved } = await t.get('/ipsum.html');
          expect(moved.status, 'and GET /ipsum.html, where it sends the browser,').toBe(200);
        },
      },
      {
        name: 'HEAD /old.html answers the same 301, without the body',
        async run(t) {
          const { response } = await t.exchange(
            requestHead('HEAD', '/old.html', t.server.authority),
            { bodyless: true },
          );
          expect(response.status, 'HEAD /old.html should answer as GET does').toBe(301);
          expect(response.header('location'), 'with its Location').toMatch(/\/ipsum\.html$/);
        },
      },
    ],
    hint: {
      expects:
        'A 301 tells the client the page has a new address for good, given in the Location header; the browser then asks for that one.',
      rfc: 'RFC 9110 §15.4.2',
      chapter: 5,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'route' },
    },
    solution: [
      {
        find: `async function route(request: Request): Promise<Response> {
  if (request.path === '/get') return getJson(request);`,
        replace: `// Pages that have a new address: their old one answers 301, so that old links still work.
const movedPages: Record<string, string> = { '/old.html': '/ipsum.html' };

async function route(request: Request): Promise<Response> {
  const movedTo = movedPages[request.path];
  if (movedTo) return statusPage(301, 'This page has moved.', { Location: movedTo });
  if (request.path === '/get') return getJson(request);`,
      },
    ],
  },
  {
    id: '5.3',
    chapter: 5,
    title: 'OPTIONS, properly',
    task: 'OPTIONS (on a file or on *) answers 204 No Content with Allow: GET, HEAD, OPTIONS, no Content-Length and no body; POST, PUT and DELETE still answer 405.',
    checks: [
      {
        name: 'OPTIONS / and OPTIONS /ipsum.html answer 204 with Allow: GET, HEAD, OPTIONS and no Content-Length',
        async run(t) {
          await expectOptionsAnswer(t, '/');
          await expectOptionsAnswer(t, '/ipsum.html');
        },
      },
      {
        name: 'OPTIONS * (the server as a whole) answers 204 too',
        async run(t) {
          await expectOptionsAnswer(t, '*');
        },
      },
    ],
    hint: {
      expects:
        'OPTIONS asks which methods a resource supports, answered in Allow; 204 No Content has no body, and MUST NOT carry a Content-Length (RFC 9110 §8.6).',
      rfc: 'RFC 9110 §9.3.7',
      chapter: 5,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'methods' },
    },
    solution: [
      {
        find: "  200: 'OK',\n  301: 'Moved Permanently',\n",
        replace: "  200: 'OK',\n  204: 'No Content',\n  301: 'Moved Permanently',\n",
      },
      {
        find: `    \`Content-Length: \${body.length}\`, // bytes, not characters\n`,
        // A 204 has no body, and RFC 9110 §8.6 forbids it a Content-Length.
        replace: `    ...(status === 204 ? [] : [\`Content-Length: \${body.length}\`]), // bytes, not characters\n`,
      },
      {
        find: '    checkHost(request);\n    checkMethod(request);\n',
        replace: `    checkHost(request);
    if (request.method === 'OPTIONS') {
      // What works here, for a file or for the whole server (OPTIONS *): no body, so 204.
      const allow = [...ALLOWED_METHODS, 'OPTIONS'].join(', ');
      return { status: 204, headers: { Allow: allow }, body: Buffer.alloc(0) };
    }
    checkMethod(request);
`,
      },
    ],
  },
];
