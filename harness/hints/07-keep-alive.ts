// Hints for chapter 7, persistent connections (harness/specs/07-keep-alive.ts). Written before the
// chapter's text: the headings are the ones every chapter has, and test/hints.test.ts checks them
// once docs/chapters/07-keep-alive.md exists.
import type { Hint } from './hint.ts';

export const keepAliveHints: Record<string, Hint> = {
  'keeps-the-connection-open-two-requests-two-answers-one-connection': {
    expects:
      'An HTTP/1.1 request that does not say close is answered with Connection: keep-alive and Keep-Alive: timeout=N, the connection stays open, and a second request on it gets its own answer.',
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'connection-close-from-the-client-the-answer-says-close-and-the-server-closes': {
    expects:
      'A request with Connection: close gets one answer that says Connection: close, and then the server closes the connection.',
    rfc: 'RFC 9112 §9.6',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'http-1-0-closes-unless-it-asks-for-keep-alive': {
    expects:
      'An HTTP/1.0 request is answered with Connection: close and the connection closes, unless it sent Connection: keep-alive, in which case the answer says keep-alive and a second request on the connection is answered too.',
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/parser.ts', region: 'keep-alive' },
  },
  'pipelined-requests-are-answered-in-order-one-answer-each': {
    expects:
      'Three requests sent in one write (/sleep?ms=300, /ipsum.html, then /get?order=3 with Connection: close) get three answers in that order, the slow first one first, then a close and nothing more: answer one request at a time, leaving the bytes after it unread until its answer is out.',
    rfc: 'RFC 9112 §9.3.2',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'receive' },
  },
  'a-request-pipelined-after-connection-close-is-never-answered': {
    expects:
      'When a request that says Connection: close is followed on the same connection by another, only the first is answered, and then the server closes.',
    rfc: 'RFC 9112 §9.6',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'send' },
  },
  'after-a-400-the-connection-closes-a-request-pipelined-after-it-is-not-answered': {
    expects:
      'A malformed request (GET /a b HTTP/1.1) followed by a good one gets one 400 that says Connection: close, then the close: after a broken request the server cannot tell where the next one starts.',
    rfc: 'RFC 9112 §2.2',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'send' },
  },
  'an-answer-to-head-has-no-body-the-next-answer-starts-right-after-its-head': {
    expects:
      "A HEAD followed by a GET on the same connection gets the HEAD's head with its Content-Length and no body, and the GET's answer starts right after that head.",
    rfc: 'RFC 9112 §6.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'response' },
  },
  'an-idle-connection-is-closed-silently-after-keep-alive-timeout-ms': {
    expects:
      'With KEEP_ALIVE_TIMEOUT_MS=1000, the answer says Keep-Alive: timeout=1, and a connection left idle after it is closed after about a second, without a byte more (no 408 for a request nobody sent).',
    rfc: 'RFC 9112 §9.5',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'send' },
  },
  'the-head-timeout-counts-from-each-request-s-first-byte-not-from-the-connection': {
    expects:
      "With HEADERS_TIMEOUT_MS=500, a second request sent 800 ms after the first answer is still answered 200, while half a head that then stalls gets 408 about 500 ms after its first byte: restart the head timer when a request's first byte arrives.",
    rfc: 'RFC 9110 §15.5.9',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'parser-callbacks' },
  },
  'max-requests-per-connection-the-last-answer-it-allows-says-close': {
    expects:
      'With MAX_REQUESTS_PER_CONNECTION=3, four pipelined requests get three answers, the first two saying Connection: keep-alive and the third Connection: close, and then the connection closes.',
    rfc: 'RFC 9112 §9.6',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'expect-100-continue-works-on-every-request-of-a-kept-connection': {
    expects:
      'Each of two POSTs with Expect: 100-continue on one kept connection gets its HTTP/1.1 100 Continue before it sends its body, then its 200: send the 100 for every request whose head asks, not only the first.',
    rfc: 'RFC 9110 §10.1.1',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'parser-callbacks' },
  },
  'a-client-that-pipelines-10-000-requests-and-reads-nothing-memory-stays-flat-others-are-served': {
    expects:
      "A client that pipelines 10,000 requests and never reads an answer grows the server's memory by less than 16 MiB while other clients are still served: stop reading the socket while an answer is queued, and go on once it is written.",
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'receive' },
  },
  'a-client-that-resets-mid-pipeline-or-leaves-half-a-request-does-not-stop-the-server': {
    expects:
      'A client that resets while its pipelined requests are still being answered, or leaves half a request after a whole one, costs only its own connection: drop its queued requests and its half-read head, and keep serving everyone else.',
    rfc: 'RFC 9112 §9.6',
    chapter: 7,
    heading: 'The Session: request after request',
    code: { file: 'src/session.ts', region: 'session' },
  },
  'sigterm-closes-idle-kept-connections-at-once-answers-in-flight-requests-with-close-exits-0': {
    expects:
      'On SIGTERM an idle kept connection is closed at once, a request in flight still gets its 200 with Connection: close, and then the server exits with code 0.',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/session.ts', region: 'session' },
  },
  'curl-re-uses-one-connection-for-two-urls': {
    expects:
      'curl -v given two URLs of the server says "Re-using existing connection" and opens a single connection for both.',
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'Run it',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'python-s-http-client-sends-two-requests-on-one-connection': {
    expects:
      "Python's http.client gets 200 twice from one HTTPConnection (GET / then GET /style.css) over a single TCP connection.",
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'node-s-fetch-re-uses-its-kept-connections': {
    expects:
      "Node's fetch gets /, /style.css and /ipsum.html, each 200, over one connection that the server keeps open between them.",
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
  'chromium-loads-the-page-and-its-assets-over-kept-connections': {
    expects:
      'Chromium, loading / twice, makes at least six requests (the page, its stylesheet, its logo) over fewer than half as many connections.',
    rfc: 'RFC 9112 §9.3',
    chapter: 7,
    heading: 'The code',
    code: { file: 'src/keep-alive.ts', region: 'keep-or-close' },
  },
};
