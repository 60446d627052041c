// Chapter 3's graded exercises: say when the page changed, and stop answering the browser's
// favicon request with a page.
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectExactContentLength } from '../specs/requests.ts';
import type { Exercise } from './exercise.ts';

export const exercises: Exercise[] = [
  {
    id: '3.3',
    chapter: 3,
    title: 'When did it change?',
    task: "Send a Last-Modified header with the page: index.html's modification time, as an HTTP date, read on every request.",
    checks: [
      {
        name: "says Last-Modified: index.html's modification time, and follows it when the file changes",
        async run(t) {
          // A copy of the server's folder, so that the file's time can be set without touching yours.
          const { server, dir } = await t.launchCopy();
          const file = join(dir, 'htdocs', 'index.html');
          for (const [when, expected] of [
            ['2001-02-03T04:05:06Z', 'Sat, 03 Feb 2001 04:05:06 GMT'],
            ['2024-12-25T23:59:58Z', 'Wed, 25 Dec 2024 23:59:58 GMT'],
          ] as const) {
            utimesSync(file, new Date(when), new Date(when));
            const { response } = await t.get('/', [], server);
            expect(response.status, 'GET / should answer').toBe(200);
            expect(
              response.header('last-modified'),
              `with htdocs/index.html last modified at ${when}, Last-Modified should say`,
            ).toBe(expected);
          }
        },
      },
    ],
    hint: {
      expects:
        "Last-Modified is the file's modification time (stat's mtime), as an IMF-fixdate like Date's (mtime.toUTCString()), read with the file on every request.",
      rfc: 'RFC 9110 §8.8.2',
      chapter: 3,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'response' },
    },
    solution: [
      {
        find: "import { readFile } from 'node:fs/promises';",
        replace: "import { readFile, stat } from 'node:fs/promises';",
      },
      {
        find: `function response(status: string, contentType: string, body: Buffer): Buffer {
  const head = [
    \`HTTP/1.1 \${status}\`,
    \`Content-Type: \${contentType}\`,`,
        replace: `function response(
  status: string,
  contentType: string,
  body: Buffer,
  headers: Record<string, string> = {},
): Buffer {
  const head = [
    \`HTTP/1.1 \${status}\`,
    \`Content-Type: \${contentType}\`,
    ...Object.entries(headers).map(([name, value]) => \`\${name}: \${value}\`),`,
      },
      {
        find: `    const page = await readFile(new URL('index.html', htdocs));
    return response('200 OK', 'text/html; charset=utf-8', page);`,
        replace: `    const file = new URL('index.html', htdocs);
    const page = await readFile(file);
    // When the file last changed: a browser or a cache can ask "only if it changed since".
    const { mtime } = await stat(file);
    return response('200 OK', 'text/html; charset=utf-8', page, {
      'Last-Modified': mtime.toUTCString(),
    });`,
      },
    ],
  },
  {
    id: '3.4',
    chapter: 3,
    title: 'No favicon here',
    task: 'A browser asks for /favicon.ico after every page, and gets our HTML: answer GET /favicon.ico with 404 Not Found and a short text, and every other path with the page, as before.',
    checks: [
      {
        name: 'GET /favicon.ico answers 404 with a Content-Length, and other paths still get the page',
        async run(t) {
          const { response, connection } = await t.exchange(
            `GET /favicon.ico HTTP/1.1\r\nHost: ${t.server.authority}\r\nAccept: image/*\r\nConnection: close\r\n\r\n`,
            { expectClose: true },
          );
          expect(response.status, 'GET /favicon.ico should answer 404 Not Found').toBe(404);
          expectExactContentLength(response, connection.received.length - response.head.length);
          for (const path of ['/', '/favicon.html']) {
            const { response: page } = await t.get(path);
            expect(page.status, `GET ${path} should still get the page`).toBe(200);
            expect(page.header('content-type'), `GET ${path}`).toMatch(/^text\/html/);
          }
        },
      },
    ],
    hint: {
      expects:
        'The request line is "GET /favicon.ico HTTP/1.1": its second word, the request-target (RFC 9112 §3), says what is asked for; for /favicon.ico answer "HTTP/1.1 404 Not Found" with a small body and its Content-Length.',
      rfc: 'RFC 9110 §15.5.5',
      chapter: 3,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'connection' },
    },
    solution: [
      {
        find: '// #endregion response\n',
        replace: `
/** What a browser gets when it asks for /favicon.ico: we have no icon. */
function noFavicon(): Buffer {
  const body = Buffer.from('404 Not Found: this server has no favicon.\\n');
  return response('404 Not Found', 'text/plain; charset=utf-8', body);
}
// #endregion response
`,
      },
      {
        find: '    indexResponse().then((bytes) => socket.end(bytes));',
        replace: `    // The request line's second word is the path the client asks for.
    const [, target] = received.toString('latin1').split(/[ \\r\\n]/, 2);
    const answer = target === '/favicon.ico' ? Promise.resolve(noFavicon()) : indexResponse();
    answer.then((bytes) => socket.end(bytes));`,
      },
    ],
  },
];
