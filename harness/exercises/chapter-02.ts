// Chapter 2's graded exercises: change the page and the head, and keep the bytes right.
import { expect } from 'vitest';
import { expectCrlfHead, expectExactContentLength } from '../specs/requests.ts';
import { requestHead } from '../src/raw-client.ts';
import type { Exercise } from './exercise.ts';

// Connection: close, so that a server that keeps connections open (chapter 7 on) closes this one.
const GET_ROOT = requestHead('GET', '/', 'localhost', ['Accept: */*', 'Connection: close']);

export const exercises: Exercise[] = [
  {
    id: '2.1',
    chapter: 2,
    title: 'Count the bytes yourself',
    task: 'Add the word "naïve" to the page; Content-Length must still count the bytes that follow the head.',
    checks: [
      {
        name: 'the page says "naïve", and Content-Length counts its bytes',
        async run(t) {
          const { response, connection } = await t.exchange(GET_ROOT, { expectClose: true });
          expect(response.status, 'GET / should answer').toBe(200);
          expect(
            response.body.toString('utf8'),
            'the page should hold the word "naïve" (ï is two bytes in UTF-8: C3 AF)',
          ).toContain('naïve');
          expectExactContentLength(response, connection.received.length - response.head.length);
        },
      },
    ],
    hint: {
      expects:
        'Content-Length is the number of bytes of the body: every accented letter adds one more byte than it adds characters, so count Buffer.from(page).length, never page.length.',
      rfc: 'RFC 9110 §8.6',
      chapter: 2,
      heading: 'What the naive version gets wrong',
      code: { file: 'src/server.ts', region: 'page' },
    },
    solution: [
      {
        find: '    <p>Served by a server that speaks HTTP by hand. Ça marche — 👋</p>\n',
        replace:
          '    <p>Served by a server that speaks HTTP by hand. Ça marche — 👋</p>\n    <p>A naïve server counts characters; this one counts bytes.</p>\n',
      },
    ],
  },
  {
    id: '2.3',
    chapter: 2,
    title: 'Your own header',
    task: 'Send a Server: http-from-scratch header field with every response, and keep every line of the head ending in CRLF.',
    checks: [
      {
        name: 'says Server: http-from-scratch, in a head that still ends every line with CRLF',
        async run(t) {
          const { response } = await t.exchange(GET_ROOT);
          expect(
            response.headerValues('server'),
            'the response should have one Server header field',
          ).toEqual(['http-from-scratch']);
          expectCrlfHead(response);
          expect(response.status, 'GET / should still answer').toBe(200);
        },
      },
    ],
    hint: {
      expects:
        'A header field is one "Name: value" line of the head, between the status line and the empty line (RFC 9112 §5); Server names the software that answered.',
      rfc: 'RFC 9110 §10.2.4',
      chapter: 2,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'response' },
    },
    solution: [
      {
        find: "    'Content-Type: text/html; charset=utf-8',\n",
        replace:
          "    'Content-Type: text/html; charset=utf-8',\n    'Server: http-from-scratch',\n",
      },
    ],
  },
];
