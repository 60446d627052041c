// Hints for chapter 5, 404 and the other errors (harness/specs/05-404.ts). Every error response
// must say Connection: close, have a Content-Type and a Content-Length that counts its body, and
// (all but the 404) be a small page; the sentences below say so where a check asserts it.
import type { Hint } from './hint.ts';

export const notFoundHints: Record<string, Hint> = {
  'a-missing-file-answers-404-with-htdocs-404-html': {
    expects:
      'A path that names no file (/no-such-page.html, /no/such/folder/, /nope.png) gets 404 with exactly the bytes of htdocs/404.html as a text/html body, Connection: close and a Content-Length that counts it.',
    rfc: 'RFC 9110 §15.5.5',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'a-folder-without-its-trailing-slash-answers-301-to-the-path-with-it-blog-blog': {
    expects:
      'GET /blog, a folder asked for without its slash, gets 301 with a Location of /blog/ (the query kept: /blog?page=2 goes to /blog/?page=2) and a Content-Length, and following it gives 200.',
    rfc: 'RFC 9110 §15.4.2',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'head-answers-as-get-would-status-and-headers-without-the-body': {
    expects:
      'HEAD gets the same status line and headers as GET would (Content-Length too, the length the body would have; only Date may differ) and not one byte of body, for a page, a missing file, an error and a folder without its slash alike.',
    rfc: 'RFC 9110 §9.3.2',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'a-malformed-request-line-answers-400': {
    expects:
      'A request line that is not exactly method SP target SP HTTP/d.d (no version, two spaces, a trailing space, http/1.1, a target without its leading / or with a control character, space or malformed %-escape) gets a small 400 page, Connection: close, and the server carries on.',
    rfc: 'RFC 9112 §3',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'request-line' },
  },
  'a-malformed-header-field-answers-400-no-colon-a-space-before-the-colon-obs-fold': {
    expects:
      'A header line without a colon, with a space before the colon (Accept : */*), continued on the next line (obs-fold), or with an empty name or a space inside it gets a small 400 page and a close: a field name is a token right up to the colon.',
    rfc: 'RFC 9112 §5.1',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'request-line' },
  },
  'a-request-head-over-16-kib-answers-431': {
    expects:
      'A complete request head of over 20 KiB (400 header lines) gets a small 431 Request Header Fields Too Large page and a close: check the size of the head before parsing it.',
    rfc: 'RFC 6585 §5',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'a-request-target-over-8-kib-answers-414': {
    expects:
      'A request target of over 9000 bytes, in its path or in its query, gets a small 414 URI Too Long page and a close.',
    rfc: 'RFC 9110 §15.5.15',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'request-line' },
  },
  'an-unknown-method-brew-answers-501': {
    expects:
      'A method the server has never heard of (BREW / and BREW /pot) gets a small 501 Not Implemented page and a close, whatever the path.',
    rfc: 'RFC 9110 §9.1',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'methods' },
  },
  'post-put-or-delete-on-a-file-answers-405-with-allow-get-head': {
    expects:
      'POST, PUT or DELETE on a file (/ or /ipsum.html) gets a small 405 Method Not Allowed page with an Allow header that lists GET and HEAD and not the method refused.',
    rfc: 'RFC 9110 §15.5.6',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'methods' },
  },
  'an-http-major-version-other-than-1-answers-505': {
    expects:
      'A well-formed request line with HTTP/2.0, HTTP/3.0 or HTTP/0.9 as its version gets a small 505 HTTP Version Not Supported page and a close.',
    rfc: 'RFC 9110 §15.6.6',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'request-line' },
  },
  'http-1-1-without-exactly-one-valid-host-answers-400': {
    expects:
      'An HTTP/1.1 request with no Host, two Host lines, or a Host that is not a valid host[:port] (a b, [::1, localhost:port, localhost/index.html, user@localhost) gets a small 400 page and a close.',
    rfc: 'RFC 9112 §3.2',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'host' },
  },
  'any-valid-host-is-fine-1-8080-127-0-0-1-example-com-80-http-1-0-needs-none': {
    expects:
      'Any Host spelled as RFC 3986 allows ([::1]:8080, 127.0.0.1, example.com:80, localhost, my_host.example) gets the page, and so does an HTTP/1.0 request with no Host at all.',
    rfc: 'RFC 3986 §3.2.2',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'host' },
  },
  'a-client-that-sends-nothing-gets-408-after-headers-timeout-ms-then-a-close': {
    expects:
      'With HEADERS_TIMEOUT_MS=300, a client that connects and sends nothing gets a small 408 Request Timeout page no sooner than the timeout, then a close: start a timer when the client connects and clear it once the head is in.',
    rfc: 'RFC 9110 §15.5.9',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
  'a-client-that-sends-half-a-head-and-stalls-gets-408-after-headers-timeout-ms-then-a-close': {
    expects:
      'With HEADERS_TIMEOUT_MS=300, a client that sends half a head and stops gets a small 408 Request Timeout page no sooner than the timeout after it connected, then a close.',
    rfc: 'RFC 9110 §15.5.9',
    chapter: 5,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'connection' },
  },
};
