// Hints for chapter 1, echo over TCP (harness/specs/01-echo-tcp.ts).
import type { Hint } from './hint.ts';

export const echoHints: Record<string, Hint> = {
  'echoes-text-unchanged': {
    expects:
      "The bytes a client sends (here 'Hello, echo!\\r\\n') come back exactly, and the server closes once the client has half-closed and everything is echoed: write each 'data' chunk back as it is.",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'echoes-a-single-byte': {
    expects:
      'A single byte (x) comes back as that one byte: echo whatever has arrived, without waiting for a line end or a buffer to fill.',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'is-binary-safe-every-byte-value-nul-and-invalid-utf-8-included': {
    expects:
      'Every byte value from 0 to 255, NUL and bytes that are not valid UTF-8 included, comes back unchanged: keep the chunks as Buffers and never turn them into strings.',
    chapter: 1,
    heading: 'Run it',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'echoes-4-mib-sent-in-uneven-pieces': {
    expects:
      'All 4 MiB, sent in pieces of 300,007 bytes, come back unchanged and in order: TCP delivers a stream, not messages, so echo every data event until the client half-closes rather than reading once.',
    rfc: 'RFC 9293 §2.2',
    chapter: 1,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'keeps-its-memory-flat-while-streaming-64-mib-to-a-slow-reader-backpressure': {
    expects:
      "While 64 MiB stream through to a client that reads slowly, the server's memory grows by less than 48 MiB: when write() returns false, pause() the socket and resume() it on 'drain'.",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'serves-many-clients-at-once-each-only-its-own-bytes-in-any-order': {
    expects:
      'Twenty clients connect and then speak, the last to connect first, and each gets its own bytes back within 3 s: serve every connection with its own handlers and never block waiting on one client.',
    chapter: 1,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'sends-what-is-left-and-closes-when-the-client-half-closes': {
    expects:
      "When the client half-closes (it has finished sending), the server still sends back everything it got and then closes its own side: create the server with allowHalfOpen: true and call socket.end() on 'end'.",
    rfc: 'RFC 9293 §3.6',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'logs-each-connection-and-disconnection': {
    expects:
      "The server prints one line when a client connects and one when it disconnects, each naming the client's address and port (Connected: 127.0.0.1:53720, Disconnected: 127.0.0.1:53720).",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
};
