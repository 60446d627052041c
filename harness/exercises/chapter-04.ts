// Chapter 4's graded exercises: a new Content-Type, and one more field in GET /get's JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parseJson } from '../specs/requests.ts';
import { requestHead } from '../src/raw-client.ts';
import { expectSameBytes } from '../src/report.ts';
import type { Exercise } from './exercise.ts';

const NOTES = '# Notes\n\nA *naïve* server guesses; ours says `text/markdown`.\n';

export const exercises: Exercise[] = [
  {
    id: '4.1',
    chapter: 4,
    title: 'A new type',
    task: 'Serve .md files as text/markdown; charset=utf-8 (before, they go out as application/octet-stream).',
    checks: [
      {
        name: 'a .md file is served byte-exact as text/markdown; charset=utf-8',
        async run(t) {
          // A copy of the server's folder, with a notes.md planted in its htdocs/.
          const { server, dir } = await t.launchCopy();
          writeFileSync(join(dir, 'htdocs', 'notes.md'), NOTES);
          const { response } = await t.get('/notes.md', [], server);
          expect(response.status, 'GET /notes.md (htdocs/notes.md exists)').toBe(200);
          expect(
            response.header('content-type')?.toLowerCase().replace(/\s/g, ''),
            'the Content-Type of GET /notes.md',
          ).toBe('text/markdown;charset=utf-8');
          expectSameBytes(response.body, Buffer.from(NOTES), 'the body of GET /notes.md');
        },
      },
    ],
    hint: {
      expects:
        'The Content-Type comes from the file extension: .md is text/markdown, and its charset parameter says how the text is encoded.',
      rfc: 'RFC 7763 §2',
      chapter: 4,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'content-type' },
    },
    solution: [
      {
        find: "  '.txt': 'text/plain; charset=utf-8',\n",
        replace:
          "  '.txt': 'text/plain; charset=utf-8',\n  '.md': 'text/markdown; charset=utf-8',\n",
      },
    ],
  },
  {
    id: '4.3',
    chapter: 4,
    title: 'Who asked?',
    task: 'GET /get also says where the request came from, as httpbin does: "origin", the address of the client\'s end of the connection.',
    checks: [
      {
        name: 'GET /get says "origin": the address the request came from',
        async run(t) {
          const connection = await t.connect();
          // Read before the exchange: a closed socket no longer knows its address.
          const origin = connection.socket.localAddress;
          await connection.send(requestHead('GET', '/get?who=me', t.server.authority));
          const response = await connection.readResponse();
          expect(response.status, 'GET /get').toBe(200);
          const answer = parseJson(response.body.toString('utf8'), 'GET /get') as Record<
            string,
            unknown
          >;
          expect(
            answer.origin,
            `GET /get should say where the request came from, as "origin": "${origin}"`,
          ).toBe(origin);
          expect(answer.args, 'and it still describes the request').toEqual({ who: 'me' });
        },
      },
    ],
    hint: {
      expects:
        'The request does not say who sent it; the connection does: socket.remoteAddress, which the access log already uses, has to be passed from the connection to handle(), route() and getJson().',
      chapter: 4,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'get-json' },
    },
    solution: [
      {
        find: 'async function route(request: Request): Promise<Response> {',
        replace: 'async function route(request: Request, origin: string): Promise<Response> {',
      },
      {
        find: "if (request.path === '/get') return getJson(request);",
        replace: "if (request.path === '/get') return getJson(request, origin);",
      },
      {
        find: 'function getJson(request: Request): Response {',
        replace: 'function getJson(request: Request, origin: string): Response {',
      },
      {
        find: 'JSON.stringify({ args, headers, url }, null, 2)',
        replace: 'JSON.stringify({ args, headers, origin, url }, null, 2)',
      },
      {
        find: 'async function handle(lines: string[]): Promise<Response> {',
        replace: 'async function handle(lines: string[], origin: string): Promise<Response> {',
      },
      { find: 'return await route(request);', replace: 'return await route(request, origin);' },
      {
        find: 'handle(lines).then((answer) => {',
        replace: "handle(lines, socket.remoteAddress ?? '-').then((answer) => {",
      },
    ],
  },
];
