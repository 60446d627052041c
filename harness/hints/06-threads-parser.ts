// Hints for chapter 6, parser, sessions and worker threads (harness/specs/06-threads-parser.ts).
import type { Hint } from './hint.ts';

export const threadsParserHints: Record<string, Hint> = {
  'post-post-with-the-chapter-s-form-answers-httpbin-style-json': {
    expects:
      'POST /post with the form body name=John&surname=Doe (application/x-www-form-urlencoded) answers 200 application/json with "form": {"name": "John", "surname": "Doe"}, "json": null, and the request headers under their own spelling ("Content-Type").',
    chapter: 6,
    heading: 'POST /post: the body, at last',
    code: { file: 'src/server.ts', region: 'post-json' },
  },
  'post-post-with-json-answers-it-parsed-and-the-raw-body-as-data': {
    expects:
      'POST /post with an application/json body answers it parsed under "json" and as the raw text under "data", non-ASCII (Grüße) intact: decode the body bytes as UTF-8 once the whole body is in.',
    chapter: 6,
    heading: 'POST /post: the body, at last',
    code: { file: 'src/server.ts', region: 'post-json' },
  },
  'a-body-sent-in-pieces-or-chunked-with-trailers-arrives-whole': {
    expects:
      'A Content-Length body that arrives in three pieces, and a chunked body with a chunk extension (5;ext=1) and a trailer field, each reach /post whole ("data" is "a body in three pieces", then "hello world").',
    rfc: 'RFC 9112 §7.1',
    chapter: 6,
    heading: 'The parser: a state machine fed chunks',
    code: { file: 'src/parser.ts', region: 'chunked' },
  },
  'a-body-over-1-mib-answers-413': {
    expects:
      'A body over 1 MiB gets 413 and a close, whether its Content-Length says so (refuse from the head alone, before reading the body) or its chunks add up to more.',
    rfc: 'RFC 9110 §15.5.14',
    chapter: 6,
    heading: 'The parser: a state machine fed chunks',
    code: { file: 'src/parser.ts', region: 'framing' },
  },
  'a-body-that-stops-arriving-gets-408-after-body-timeout-ms-and-the-server-carries-on': {
    expects:
      'With BODY_TIMEOUT_MS=300, a POST whose head promises 10 bytes of body but sends 5 gets 408 and a close, and the server serves the next client: start a body deadline once the head is complete.',
    rfc: 'RFC 9110 §15.5.9',
    chapter: 6,
    heading: 'A Session per connection',
    code: { file: 'src/session.ts', region: 'parser-callbacks' },
  },
  'one-request-per-connection-connection-close-even-when-the-client-asks-to-keep-it-alive': {
    expects:
      'Even when the request says Connection: keep-alive, the response says Connection: close and the server closes the connection after it, as in the Python original: persistent connections are chapter 7.',
    rfc: 'RFC 9112 §9.6',
    chapter: 6,
    heading: 'A Session per connection',
    code: { file: 'src/session.ts', region: 'response' },
  },
  'refuses-framings-that-could-smuggle-a-request-400': {
    expects:
      'Each framing that two programs could read differently gets 400 and a close: Content-Length with Transfer-Encoding, two different Content-Lengths, a signed one (+5), a chunk size of 0x5, obs-fold, a space before the colon, a bare CR, and CRLF mixed with bare LF in one head.',
    rfc: 'RFC 9112 §6.3',
    chapter: 6,
    heading: 'What it refuses, and why',
    code: { file: 'src/parser.ts', region: 'framing' },
  },
  'an-upgrade-header-switches-nothing-connect-answers-501': {
    expects:
      'A GET / with Connection: Upgrade and Upgrade: websocket is answered 200 as if Upgrade were absent, and CONNECT localhost:443 gets 501 and a close: the server is no tunnel.',
    rfc: 'RFC 9110 §7.8',
    chapter: 6,
    heading: 'How we know the parser is right',
    code: { file: 'src/server.ts', region: 'methods' },
  },
  'get-work-ms-n-runs-on-the-pool-as-many-jobs-at-once-as-workers-named-by-worker': {
    expects:
      'With WORKERS=3, three GET /work?ms=1000 sent at once run at the same time on three different workers, each answering JSON with its worker number, startedAt and finishedAt.',
    chapter: 6,
    heading: 'The worker pool',
    code: { file: 'src/worker-pool.ts', region: 'pool' },
  },
  'more-jobs-than-workers-wait-in-a-queue': {
    expects:
      'With WORKERS=2, three /work?ms=300 sent at once run on workers 1 and 2 only, and the third starts only once one of the first two has finished: queue the jobs, never start a thread per request.',
    chapter: 6,
    heading: 'The worker pool',
    code: { file: 'src/worker-pool.ts', region: 'dispatch' },
  },
  'static-files-answer-at-once-while-every-worker-is-busy': {
    expects:
      'While both workers of WORKERS=2 are busy with /work?ms=1500, GET / is answered 200 before either job ends: CPU-heavy work belongs on a worker thread, never on the main thread that serves everyone.',
    chapter: 6,
    heading: 'The slow request that blocks everyone',
    code: { file: 'src/server.ts', region: 'work' },
  },
  'get-sleep-ms-n-waits-without-blocking-anything': {
    expects:
      'GET /sleep?ms=1000 answers {"slept": 1000} after waiting on a timer, and GET / sent meanwhile is answered 200 before it.',
    chapter: 6,
    heading: 'The slow request that blocks everyone',
    code: { file: 'src/server.ts', region: 'work' },
  },
  'get-work-with-a-bad-or-too-large-ms-answers-400': {
    expects:
      '/work with ms=abc, ms=-1, ms=10001 or an empty ms gets 400: ms must be a whole number of milliseconds from 0 to 10000.',
    chapter: 6,
    heading: 'The worker pool',
    code: { file: 'src/server.ts', region: 'work' },
  },
  'sigterm-lets-in-flight-responses-finish-then-exits-0': {
    expects:
      'On SIGTERM the server stops accepting, still answers the /sleep and /work requests it is in the middle of (200 each), and then exits with code 0: wait for busy connections and the worker pool before exiting.',
    chapter: 6,
    heading: 'Shutting down gracefully',
    code: { file: 'src/server.ts', region: 'shutdown' },
  },
  'form-html-submitted-in-a-real-browser-shows-the-json': {
    expects:
      'In Chromium, filling htdocs/form.html with John and Doe and submitting it lands on /post, which shows JSON whose "form" is {"name": "John", "surname": "Doe"}.',
    chapter: 6,
    heading: 'POST /post: the body, at last',
    code: { file: 'src/server.ts', region: 'post-json' },
  },
};
