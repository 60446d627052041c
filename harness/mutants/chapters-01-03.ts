// The naive servers of chapters 1 to 3, each failing the check that proves the chapter's point.

import { echoSpec } from '../specs/01-echo-tcp.ts';
import { helloHttpSpec } from '../specs/02-hello-http.ts';
import { indexHtmlSpec } from '../specs/03-index-html.ts';
import { badInputSpec } from '../specs/bad-input.ts';
import { contractSpec, htdocsSpec } from '../specs/contract.ts';
import type { Mutant } from './mutant.ts';

// Makes a server handle one connection at a time, as a plain accept loop without threads does:
// each new connection waits, unread, until the one before it has closed.
const oneAtATime: Mutant['patches'][number] = {
  find: 'const server = net.createServer({ allowHalfOpen: true }, (socket) => {',
  replace: `let previousClosed: Promise<unknown> = Promise.resolve();
const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true }, (socket) => {
  const closed = new Promise((done) => socket.once('close', done));
  previousClosed.then(() => socket.resume());
  previousClosed = closed;`,
};

export const mutants: Mutant[] = [
  {
    name: 'echo-without-backpressure',
    step: '01-echo-tcp',
    bug: 'writes every chunk it reads and keeps reading, however slowly the client reads',
    patches: [
      {
        find: `    const sentAtOnce = socket.write(chunk);
    if (!sentAtOnce) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }`,
        replace: '    socket.write(chunk);',
      },
    ],
    caughtBy: {
      spec: echoSpec,
      check: 'keeps its memory flat while streaming 64 MiB to a slow reader (backpressure)',
      failsWith: /peak memory grew by/,
    },
  },
  {
    name: 'echo-one-connection-at-a-time',
    step: '01-echo-tcp',
    bug: 'serves one connection at a time, like an accept loop without threads',
    patches: [oneAtATime],
    caughtBy: {
      spec: echoSpec,
      check: 'serves many clients at once, each only its own bytes, in any order',
      failsWith: /to get its echo/,
    },
  },
  {
    name: 'answers-before-head-complete',
    step: '02-hello-http',
    bug: 'answers as soon as the first line has arrived, like recv(1024) assuming one piece',
    patches: [
      {
        find: `  const crlf = received.indexOf('\\r\\n\\r\\n');
  if (crlf !== -1) return crlf + 4;`,
        replace: `  const crlf = received.indexOf('\\r\\n');
  if (crlf !== -1) return crlf + 2;`,
      },
    ],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'a request sent one byte at a time gets exactly one response, after the last byte',
      failsWith: /answered before the request head was complete/,
    },
  },
  {
    name: 'content-length-counts-characters',
    step: '02-hello-http',
    bug: "counts the page's characters, not its bytes, like Python's len(str)",
    patches: [
      { find: 'Content-Length: ${body.length}', replace: 'Content-Length: ${page.length}' },
    ],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'has a Content-Length that counts bytes (the page holds non-ASCII text)',
      failsWith: /Content-Length says \d+ but \d+ bytes of body followed/,
    },
  },
  {
    name: 'no-content-length',
    step: '02-hello-http',
    bug: 'sends no Content-Length at all',
    patches: [
      { find: '    `Content-Length: ${body.length}`, // bytes, not characters\n', replace: '' },
    ],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'has a Content-Length that counts bytes (the page holds non-ASCII text)',
      failsWith: /no Content-Length header/,
    },
  },
  {
    name: 'bare-lf-line-ends',
    step: '02-hello-http',
    bug: "ends the response's lines with \\n, not \\r\\n, like the tutorial's '\\n'.join(...)",
    patches: [{ find: "  ].join('\\r\\n');", replace: "  ].join('\\n');" }],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'answers HTTP/1.1 200 OK with CRLF line ends',
      failsWith: /status line uses bare \\n line ends instead of \\r\\n: "HTTP\/1\.1 200 OK\\n"/,
    },
  },
  {
    name: 'one-connection-at-a-time',
    step: '02-hello-http',
    bug: 'serves one connection at a time, like an accept loop without threads',
    patches: [oneAtATime],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'serves clients concurrently, in any order',
      failsWith: /got no response/,
    },
  },
  {
    name: 'dies-on-reset',
    step: '02-hello-http',
    bug: 'has no error handler on the socket, so a client reset kills the process',
    patches: [
      {
        find: "  socket.on('error', (error) => console.log(`Error from ${client}: ${error.message}`));\n",
        replace: '',
      },
    ],
    caughtBy: {
      spec: badInputSpec,
      check: 'a client that resets mid-request does not stop the server',
      failsWith: /the server is no longer running \(exit code 1\)/,
    },
  },
  {
    name: 'no-head-limit',
    step: '02-hello-http',
    bug: 'keeps reading an unfinished head forever, holding all of it in memory',
    patches: [
      { find: '      if (received.length > MAX_HEAD_BYTES) {', replace: '      if (false) {' },
    ],
    caughtBy: {
      spec: badInputSpec,
      check: 'a 20 KiB request head is refused without waiting for more (limit 16 KiB)',
      failsWith: /to answer or close after 20 KiB/,
    },
  },
  {
    name: 'port-in-use-crash',
    step: '02-hello-http',
    bug: 'has no listen error handler: a port in use ends in a stack trace',
    patches: [
      {
        find: "server.on('error', (error: NodeJS.ErrnoException) => {",
        replace: "server.on('no-such-event', (error: NodeJS.ErrnoException) => {",
      },
    ],
    caughtBy: {
      spec: contractSpec,
      check: 'a port in use: one clear line on stderr naming the port, exit code 1, no stack trace',
      failsWith: /stderr should be one line|no stack trace/,
    },
  },
  {
    name: 'shutdown-waits-for-idle-clients',
    step: '02-hello-http',
    bug: 'on SIGTERM only stops accepting, and waits forever for connected clients',
    patches: [{ find: '  for (const socket of openSockets) socket.destroy();\n', replace: '' }],
    caughtBy: {
      spec: contractSpec,
      check: 'SIGTERM stops it with exit code 0, even with a client connected',
      failsWith: /exit by itself with code 0/,
    },
  },
  {
    name: 'htdocs-relative-to-cwd',
    step: '03-index-html',
    bug: "opens 'htdocs/index.html' relative to the current directory, like open('htdocs' + path)",
    patches: [
      {
        find: "const htdocs = new URL('../htdocs/', import.meta.url);",
        replace: 'const htdocs = new URL(`file://${process.cwd()}/htdocs/`);',
      },
    ],
    caughtBy: {
      spec: htdocsSpec,
      check: 'finds htdocs/ whatever the current directory is',
      failsWith: /should still serve its page/,
    },
  },
  {
    name: 'closes-on-half-close',
    step: '03-index-html',
    bug: 'lets Node close the connection when the client half-closes, before the file is read',
    patches: [
      {
        find: 'net.createServer({ allowHalfOpen: true }, (socket) => {',
        replace: 'net.createServer((socket) => {',
      },
      {
        // A slow disk: the client's FIN always arrives before the answer is ready, however busy
        // the machine running the tests is. (With a fast disk the bug shows only when it races.)
        find: 'async function indexResponse(): Promise<Buffer> {',
        replace:
          'async function indexResponse(): Promise<Buffer> {\n  await new Promise((resolve) => setTimeout(resolve, 300));',
      },
    ],
    caughtBy: {
      spec: helloHttpSpec,
      check: 'a client that half-closes after its request still gets the whole answer',
      failsWith:
        /after the client half-closed \(the \d+\w\w time\), the server closed the connection without sending a response/,
    },
  },
  {
    name: 'crashes-when-index-missing',
    step: '03-index-html',
    bug: 'lets a failed read of index.html throw, like open() without try: the server dies',
    patches: [
      {
        find: "    return response('500 Internal Server Error', 'text/plain; charset=utf-8', body);",
        replace: '    throw error;',
      },
    ],
    caughtBy: {
      spec: indexHtmlSpec,
      check: 'answers 500 when index.html cannot be read, and serves it again once it is back',
      failsWith: /GET \/ got no answer \(it should get a 500/,
    },
  },
  {
    name: 'reads-index-once',
    step: '03-index-html',
    bug: 'reads index.html once at start, so edits never show',
    patches: [
      {
        find: `async function indexResponse(): Promise<Buffer> {
  try {
    const page = await readFile(new URL('index.html', htdocs));`,
        replace: `const pageReadAtStart = readFile(new URL('index.html', htdocs));
async function indexResponse(): Promise<Buffer> {
  try {
    const page = await pageReadAtStart;`,
      },
    ],
    caughtBy: {
      spec: indexHtmlSpec,
      check: 'reads index.html on every request: edit it, reload, see the change',
      failsWith: /did not change after editing/,
    },
  },
];
