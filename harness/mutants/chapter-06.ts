// The naive servers of chapter 6: a parser that trusts line ends and framing it should refuse, a
// CPU-heavy handler on the main thread, and a shutdown that drops what is in flight.
import { threadsParserSpec } from '../specs/06-threads-parser.ts';
import type { Mutant } from './mutant.ts';

const SMUGGLING_CHECK = 'refuses framings that could smuggle a request (400)';

export const mutants: Mutant[] = [
  {
    name: 'splits-on-lf',
    step: '06-threads-parser',
    bug: "splits lines on '\\n' alone, so a head may mix CRLF and bare LF",
    patches: [
      {
        file: 'src/parser.ts',
        find: "    } else if (crlf !== this.crlf) {\n      throw badRequest('Line ends mix CRLF and bare LF');\n    }",
        replace: '    }',
      },
    ],
    caughtBy: {
      spec: threadsParserSpec,
      check: SMUGGLING_CHECK,
      failsWith: /CRLF and bare LF mixed in one head: the server should answer 400/,
    },
  },
  {
    name: 'content-length-with-chunked',
    step: '06-threads-parser',
    bug: 'accepts Content-Length and Transfer-Encoding together, and frames by one of them',
    patches: [
      {
        file: 'src/parser.ts',
        find: "      if (this.contentLength !== undefined) {\n        throw badRequest('Both Content-Length and Transfer-Encoding (RFC 9112 §6.3)');\n      }\n",
        replace: '',
      },
    ],
    caughtBy: {
      spec: threadsParserSpec,
      check: SMUGGLING_CHECK,
      failsWith: /Content-Length and Transfer-Encoding together: the server should answer 400/,
    },
  },
  {
    name: 'cpu-work-on-main-thread',
    step: '06-threads-parser',
    bug: 'does the CPU-heavy /work on the main thread, so every other client waits',
    patches: [
      {
        find: '  return jsonResponse(await pool.busyFor(millisecondsOf(request)));',
        replace: `  const ms = millisecondsOf(request);
  const startedAt = Date.now();
  while (Date.now() - startedAt < ms) {
    // spin, on the one thread that serves everyone
  }
  return jsonResponse({ worker: 0, ms, startedAt, finishedAt: Date.now() });`,
      },
    ],
    caughtBy: {
      spec: threadsParserSpec,
      check: 'static files answer at once while every worker is busy',
      failsWith: /is the CPU-heavy work on the main thread\?/,
    },
  },
  {
    name: 'no-body-timeout',
    step: '06-threads-parser',
    bug: 'waits forever for a body that stops arriving, holding the connection and its memory',
    patches: [
      {
        file: 'src/session.ts',
        find: `    this.deadline = setTimeout(
      () => this.refuse(408, 'The request body took too long.'),
      this.options.bodyTimeoutMs,
    );
`,
        replace: '',
      },
    ],
    caughtBy: {
      spec: threadsParserSpec,
      check: 'a body that stops arriving gets 408 after BODY_TIMEOUT_MS, and the server carries on',
      failsWith: /timed out after \d+ ms waiting for a complete HTTP response/,
    },
  },
  {
    name: 'sigterm-drops-in-flight',
    step: '06-threads-parser',
    bug: 'exits at once on SIGTERM, dropping the responses still being worked on',
    patches: [{ find: '  stopping = true;\n  server.close();\n', replace: '  process.exit(0);\n' }],
    caughtBy: {
      spec: threadsParserSpec,
      check: 'SIGTERM lets in-flight responses finish, then exits 0',
      failsWith: /a request in flight when SIGTERM arrived was not answered/,
    },
  },
];
