// Hints for bad input (harness/specs/bad-input.ts), checked on every step: whatever one client
// sends or does, the server answers or closes, and the next client is served.
import type { Hint } from './hint.ts';

export const badInputHints: Record<string, Hint> = {
  'a-client-that-resets-mid-request-does-not-stop-the-server': {
    expects:
      "A client that resets its connection halfway through a request does not stop the server: give every socket an 'error' handler that logs and carries on, since in Node an 'error' event nobody handles ends the whole process.",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'a-client-that-sends-half-a-head-and-leaves-does-not-stop-the-server': {
    expects:
      "A client that sends half a request head and then closes its connection does not stop the server: on the socket's 'end' event close your side too, with nothing to answer, and keep serving the next client.",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'garbage-bytes-get-an-answer-or-a-close-and-the-server-carries-on': {
    expects:
      '4 KiB of random bytes get an answer or a close within 5 s and the next client is still served; from chapter 5 on the answer must be 400 Bad Request, so parse the head inside the try that turns a refusal into an error page.',
    rfc: 'RFC 9112 §2.2',
    chapter: 5,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'handle' },
  },
  'a-20-kib-request-head-is-refused-without-waiting-for-more-limit-16-kib': {
    expects:
      'A request head that passes 16 KiB without its empty line is refused at once, not waited for: stop reading and close the connection (from chapter 5 on, answer 431 Request Header Fields Too Large first), so that no client can make the server hold an unbounded head.',
    rfc: 'RFC 6585 §5',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  '200-clients-at-once-are-all-served': {
    expects:
      '200 clients that connect and send their request at the same time each get an answer before the server closes their connection: never wait on one client before serving the next.',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
};
