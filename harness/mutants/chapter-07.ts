// The naive servers of chapter 7: a keep-alive loop that answers pipelined requests as they are
// ready, ignores "close", never lets an idle client go, carries on after a broken request or
// after the request that said close, and sends a body with an answer to HEAD.
import { keepAliveSpec } from '../specs/07-keep-alive.ts';
import type { Mutant } from './mutant.ts';

const step = '07-keep-alive';

export const mutants: Mutant[] = [
  {
    name: 'pipelined-out-of-order',
    step,
    bug: 'reads every pipelined request at once and answers each as soon as its answer is ready',
    patches: [
      {
        file: 'src/session.ts',
        find: `    this.parser.pause();
    this.become('request-complete');
`,
        replace: '',
      },
      {
        file: 'src/session.ts',
        find: "    if (this.state !== 'answering') return; // the client left while we worked\n",
        replace: "    if (this.state === 'closed') return;\n",
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'pipelined requests are answered in order, one answer each',
      failsWith: /pipelined answers come in the order of the requests/,
    },
  },
  {
    name: 'ignores-connection-close',
    step,
    bug: 'keeps the connection open when the client says Connection: close',
    patches: [
      {
        file: 'src/keep-alive.ts',
        find: '  if (!facts.clientKeepsAlive) return false;\n',
        replace: '',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'Connection: close from the client: the answer says close, and the server closes',
      failsWith: /the server did not close the connection/,
    },
  },
  {
    name: 'never-closes-idle',
    step,
    bug: 'waits forever for the next request on a kept connection: idle clients hold sockets forever',
    patches: [
      {
        file: 'src/session.ts',
        find: '    this.timer = setTimeout(() => this.close(), this.options.keepAliveTimeoutMs);\n',
        replace: '',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'an idle connection is closed, silently, after KEEP_ALIVE_TIMEOUT_MS',
      failsWith: /waiting for the server to close a connection idle/,
    },
  },
  {
    name: 'keeps-reading-after-400',
    step,
    bug: 'keeps the connection after a 400, though it cannot tell where the next request starts',
    patches: [
      {
        file: 'src/keep-alive.ts',
        find: '  if (facts.status >= 400) return false;\n',
        replace: '',
      },
      {
        file: 'src/session.ts',
        find: '    this.send(this.requestLine(), this.app.refuse(status, explanation), false);',
        replace: '    this.send(this.requestLine(), this.app.refuse(status, explanation), true);',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'after a 400 the connection closes: a request pipelined after it is not answered',
      failsWith: /the server did not close the connection/,
    },
  },
  {
    name: 'answers-after-close',
    step,
    bug: 'says Connection: close, then reads and answers the request pipelined after it',
    patches: [
      {
        file: 'src/session.ts',
        find: `      this.become('answer-sent-last');
      this.endConnection(bytes);`,
        replace: '      this.socket.write(bytes, () => this.waitForNextRequest());',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'a request pipelined after Connection: close is never answered',
      failsWith: /the server did not close the connection \(after 2 answer/,
    },
  },
  {
    name: 'head-answer-with-body',
    step,
    bug: 'sends the body after the head of an answer to HEAD: the client takes it for the next answer',
    patches: [
      {
        file: 'src/session.ts',
        find: '  const bodyless = withoutBody || status === 204 || status === 304;',
        replace: '  const bodyless = status === 204 || status === 304;',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check: 'an answer to HEAD has no body: the next answer starts right after its head',
      failsWith: /the bytes after the HEAD answer's head should be the next answer's status line/,
    },
  },
  {
    name: 'pipelining-without-backpressure',
    step,
    bug: 'goes on to the next pipelined request without waiting for its answer to be written',
    patches: [
      {
        file: 'src/session.ts',
        find: '      this.socket.write(bytes, () => this.waitForNextRequest());',
        replace: '      this.socket.write(bytes);\n      this.waitForNextRequest();',
      },
      {
        file: 'src/session.ts',
        find: "    if (this.state === 'answering') this.socket.pause();\n    else this.socket.resume();\n",
        replace: '',
      },
    ],
    caughtBy: {
      spec: keepAliveSpec,
      check:
        'a client that pipelines 10,000 requests and reads nothing: memory stays flat, others are served',
      failsWith: /peak memory grew by/,
    },
  },
];
