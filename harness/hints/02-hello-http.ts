// Hints for chapter 2, HTTP basics (harness/specs/02-hello-http.ts), checked on every step from 2.
import type { Hint } from './hint.ts';

export const helloHttpHints: Record<string, Hint> = {
  'answers-http-1-1-200-ok-with-crlf-line-ends': {
    expects:
      'The response starts with the status line HTTP/1.1 200 OK, and every line of its head ends with CRLF (\\r\\n), the empty line that ends the head too, never a bare \\n.',
    rfc: 'RFC 9112 §2.1',
    chapter: 2,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'says-content-type-text-html-charset-utf-8': {
    expects:
      'The response has the header Content-Type: text/html; charset=utf-8, so that a browser knows the body is HTML and how to decode its bytes.',
    rfc: 'RFC 9110 §8.3',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'has-a-content-length-that-counts-bytes-the-page-holds-non-ascii-text': {
    expects:
      'Content-Length is there and equals the number of body bytes that follow the head, which for a page with non-ASCII text is more than its number of characters: count Buffer.from(page).length, not page.length.',
    rfc: 'RFC 9110 §8.6',
    chapter: 2,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'has-a-date-header-an-imf-fixdate-of-now': {
    expects:
      'The response has a Date header with the current time (within a minute) as an IMF-fixdate like Tue, 24 Nov 2026 08:49:37 GMT, which is what new Date().toUTCString() gives.',
    rfc: 'RFC 9110 §6.6.1',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'says-connection-close-and-closes-after-the-response': {
    expects:
      'The response says Connection: close, and the server closes the connection once the response is sent (socket.end(response)).',
    rfc: 'RFC 9112 §9.6',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'a-client-that-half-closes-after-its-request-still-gets-the-whole-answer': {
    expects:
      'A client that sends its request and at once half-closes (as printf ... | nc -N does) still gets the whole 200 response, five times out of five: a half-close only means "I have finished sending", so keep allowHalfOpen: true, answer, then close.',
    rfc: 'RFC 9293 §3.6',
    chapter: 2,
    heading: 'Diff',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'a-request-sent-one-byte-at-a-time-gets-exactly-one-response-after-the-last-byte': {
    expects:
      'A request sent one byte at a time gets nothing until its last byte has arrived, then exactly one response: collect the chunks until the empty line that ends the head, instead of answering the first data event.',
    rfc: 'RFC 9112 §2.1',
    chapter: 2,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'waits-when-the-empty-line-that-ends-the-head-is-split-across-packets': {
    expects:
      'When the CRLF CRLF that ends the head arrives split over two packets, the server answers only after the second: look for the end of the head in everything received so far, not in each chunk alone.',
    rfc: 'RFC 9112 §2.1',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'accepts-a-head-typed-in-nc-with-bare-lf-line-ends': {
    expects:
      'A head whose lines end with a bare LF, as typed in nc (GET / HTTP/1.1\\nHost: localhost\\n\\n), is answered 200 too: LF LF ends a head as well as CRLF CRLF.',
    rfc: 'RFC 9112 §2.2',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'head-end' },
  },
  'serves-clients-concurrently-in-any-order': {
    expects:
      'Ten clients connect and then ask, the last to connect first, and each gets its response within 3 s: a server that serves one connection at a time waits on the first, silent client.',
    chapter: 2,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'works-with-curl': {
    expects:
      'curl gets the page without an error and sees a response that starts with HTTP/1.1 200 OK and a CRLF.',
    chapter: 2,
    heading: 'Run it',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'works-with-node-s-fetch': {
    expects:
      "Node's fetch, a strict client, gets status 200, a Content-Type that starts with text/html and a non-empty body: it refuses a head with bare LF line ends, which curl lets through.",
    chapter: 2,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'works-with-python-s-urllib': {
    expects:
      "Python's urllib gets status 200, a Content-Type that starts with text/html and a non-empty body.",
    chapter: 2,
    heading: 'Run it',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'answers-with-the-hello-world-page': {
    expects: 'In chapter 2 the body is an HTML page that says Hello, World!, whatever the path.',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'page' },
  },
  'prints-the-request-it-received': {
    expects:
      'Once a request head is complete, the server prints it on its output, request line and header lines (GET /printed HTTP/1.1, then X-Checked-By: ...), before it answers.',
    chapter: 2,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
};
