// Chapter 7's graded exercises: count the connections the server keeps, and number the requests
// each one carries.
import { expect } from 'vitest';
import { parseJson } from '../specs/requests.ts';
import type { Launched } from '../src/launch.ts';
import {
  type HttpResponse,
  parseResponse,
  type RawConnection,
  requestHead,
} from '../src/raw-client.ts';
import type { CheckContext } from '../src/spec.ts';
import type { Exercise } from './exercise.ts';

/** Sends a GET on `connection` and reads its answer (framed by Content-Length: it stays open). */
async function getOn(
  connection: RawConnection,
  path: string,
  authority: string,
): Promise<HttpResponse> {
  const from = connection.receivedLength;
  await connection.send(requestHead('GET', path, authority));
  await connection.waitUntil(
    () => answerAfter(connection, from) !== undefined,
    `the answer to GET ${path}`,
  );
  return answerAfter(connection, from) as HttpResponse;
}

/** The whole response that starts at byte `from` of what the connection received, if any. */
function answerAfter(connection: RawConnection, from: number): HttpResponse | undefined {
  return parseResponse(connection.received.subarray(from), false);
}

/** Opens a connection to `server` and has one GET / answered on it, kept open. */
async function keptConnection(t: CheckContext, server: Launched): Promise<RawConnection> {
  const connection = await t.connect(server);
  const answer = await getOn(connection, '/', server.authority);
  expect(answer.header('connection')?.toLowerCase(), 'GET / keeps its connection').toBe(
    'keep-alive',
  );
  return connection;
}

export const exercises: Exercise[] = [
  {
    id: '7.4',
    chapter: 7,
    title: 'How many are kept?',
    task: 'GET /stats answers JSON {"connections": N}: how many connections the server holds open right now, this one included.',
    checks: [
      {
        name: 'GET /stats counts the open connections, kept ones included',
        async run(t) {
          // An instance of its own, so that no other client's connection is counted.
          const server = await t.launch();
          const kept = [await keptConnection(t, server), await keptConnection(t, server)];
          const asking = await t.connect(server);
          const answer = await getOn(asking, '/stats', server.authority);
          expect(answer.status, 'GET /stats').toBe(200);
          const stats = parseJson(answer.body.toString('utf8'), 'GET /stats') as {
            connections?: unknown;
          };
          expect(stats.connections, 'two kept connections, and the one asking').toBe(3);
          for (const connection of kept) connection.close();
        },
      },
    ],
    hint: {
      expects:
        'Each connection is a Session, and the server already keeps the set of open ones (for the shutdown): its size is the count; a kept connection stays in it until it closes.',
      rfc: 'RFC 9112 §9.3',
      chapter: 7,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'connection' },
    },
    solution: [
      {
        find: "  '/sleep': { methods: ['GET', 'HEAD'], answer: sleep },\n",
        replace:
          "  '/sleep': { methods: ['GET', 'HEAD'], answer: sleep },\n  '/stats': { methods: ['GET', 'HEAD'], answer: stats },\n",
      },
      {
        find: '// #endregion route\n',
        replace: `
/** GET /stats: how many connections are open now (kept ones wait in \`sessions\` too). */
function stats(): Response {
  return jsonResponse({ connections: sessions.size });
}
// #endregion route
`,
      },
    ],
  },
  {
    id: '7.5',
    chapter: 7,
    title: 'Which request is this?',
    task: 'Every answer says which request of its connection it answers: X-Request-Number: 1 on the first, 2 on the second, and so on; a new connection starts again at 1.',
    checks: [
      {
        name: 'X-Request-Number counts the requests of each connection: 1, 2, 3, then 1 on a new one',
        async run(t) {
          const connection = await t.connect();
          const numbers: Array<string | undefined> = [];
          for (const path of ['/', '/ipsum.html', '/get']) {
            const answer = await getOn(connection, path, t.server.authority);
            numbers.push(answer.header('x-request-number'));
          }
          expect(numbers, 'X-Request-Number of three requests on one connection').toEqual([
            '1',
            '2',
            '3',
          ]);
          const another = await t.connect();
          const first = await getOn(another, '/', t.server.authority);
          expect(first.header('x-request-number'), 'the first request of a new connection').toBe(
            '1',
          );
        },
      },
    ],
    hint: {
      expects:
        'A Session lives as long as its connection and already counts the answers it sent (for MAX_REQUESTS_PER_CONNECTION): add that number to the headers of the answer it is about to send.',
      chapter: 7,
      heading: 'The Session: request after request',
      code: { file: 'src/session.ts', region: 'send' },
    },
    solution: [
      {
        file: 'src/session.ts',
        find: '    const bytes = responseBytes(answer, kept ? keepAliveSeconds : undefined);\n',
        replace: `    // Which request of this connection the answer is for: 1, 2, 3, ...
    const numbered = {
      ...answer,
      headers: { ...answer.headers, 'X-Request-Number': String(this.answered) },
    };
    const bytes = responseBytes(numbered, kept ? keepAliveSeconds : undefined);
`,
      },
    ],
  },
];
