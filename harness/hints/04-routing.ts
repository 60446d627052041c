// Hints for chapter 4, routing (harness/specs/04-routing.ts): the request line chooses the file.
import type { Hint } from './hint.ts';

export const routingHints: Record<string, Hint> = {
  'the-request-line-chooses-the-file-and-ipsum-html-are-different-pages': {
    expects:
      'The path in the request line chooses the file: / gets htdocs/index.html and /ipsum.html gets htdocs/ipsum.html, as text/html, also for an HTTP/1.0 request without Host and for a head typed with bare LF line ends.',
    rfc: 'RFC 9112 §3',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'request-line' },
  },
  'and-blog-give-the-folder-s-index-html': {
    expects:
      "A path that ends in / names a folder and gets that folder's index.html: / gives htdocs/index.html and /blog/ gives htdocs/blog/index.html.",
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'every-file-in-htdocs-nested-ones-too-byte-exact-with-its-content-type': {
    expects:
      'Every file under htdocs/, in folders too (/blog/first-post.html, /images/logo.png), is served 200 with exactly its bytes and the Content-Type of its extension: read it as a Buffer and send it untouched.',
    rfc: 'RFC 9110 §8.3',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'content-type-from-the-extension-html-css-js-mjs-json-txt-svg-png-jpg-gif-ico-webp-woff2-wasm-pdf-xml-else-application-octet-stream':
    {
      expects:
        'A file is served with the media type of its extension (html text/html, css text/css, png image/png, woff2 font/woff2, and the rest of the table), and a file with an unknown extension or none (.bin, README) as application/octet-stream.',
      rfc: 'RFC 9110 §8.3',
      chapter: 4,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'content-type' },
    },
  'a-query-string-does-not-change-which-file-is-served': {
    expects:
      'Everything after the first ? is the query and takes no part in choosing the file: /ipsum.html?x=/index.html still gets ipsum.html and /?page=ipsum.html gets index.html.',
    rfc: 'RFC 3986 §3.4',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'target' },
  },
  'a-fragment-typed-by-hand-does-not-change-which-file-is-served-get-ipsum-html-top': {
    expects:
      'A #fragment typed by hand is dropped before the file is chosen, as the query is: /ipsum.html#top, /ipsum.html?x=1#top and /ipsum.html#a?b get ipsum.html and /#ipsum.html gets index.html.',
    rfc: 'RFC 3986 §3.5',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'target' },
  },
  'a-percent-encoded-path-is-decoded-once-ipsum-2ehtml-a-20b-html-2541-html-names-41-html': {
    expects:
      'The path is percent-decoded exactly once before the file is looked up: /ipsum%2Ehtml is ipsum.html, /a%20b.html is "a b.html", /caf%C3%A9.html is café.html, and /%2541.html is the file "%41.html", not A.html.',
    rfc: 'RFC 3986 §2.4',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'an-absolute-form-target-works-get-http-host-port-ipsum-html-rfc-9112-3-2-2': {
    expects:
      'A request whose target is a whole URL (GET http://host:port/ipsum.html, with or without ?q=1) gets ipsum.html, as the same path in origin-form would: take the path and query out of the URL.',
    rfc: 'RFC 9112 §3.2.2',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'target' },
  },
  'get-get-a-1-a-2-b-x-answers-json-describing-the-request-as-httpbin-org-does': {
    expects:
      'GET /get?a=1&a=2&b=x answers 200 application/json shaped like httpbin.org: args {"a": ["1", "2"], "b": "x"} (a repeated key gives a list), headers holding Host and X-Course, and url ending in /get?a=1&a=2&b=x.',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'get-json' },
  },
  'a-handler-that-throws-answers-500-and-the-server-carries-on': {
    expects:
      'A request whose handler throws (a file that is a symlink to itself makes reading it fail with ELOOP) gets 500 and the server goes on serving: catch whatever answering throws, for that one request.',
    rfc: 'RFC 9110 §15.6.1',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'handle' },
  },
  'one-access-log-line-per-request-on-stdout-in-common-log-format': {
    expects:
      'Each request prints exactly one line on stdout in Common Log Format, like 127.0.0.1 - - [24/Nov/2026:09:12:30 +0000] "GET /ipsum.html?log=x HTTP/1.1" 200 1088, whose last field is the number of body bytes sent.',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'access-log' },
  },
  'curl-and-node-s-fetch-get-a-png-byte-exact-as-image-png': {
    expects:
      "curl and Node's fetch both get the PNG under htdocs/ with status 200, Content-Type image/png and exactly the file's bytes: never turn a file into a string on its way out.",
    rfc: 'RFC 9110 §8.3',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'serve-file' },
  },
  'in-a-real-browser-shows-with-its-stylesheet-applied-and-its-image-loaded': {
    expects:
      'In Chromium, / loads with status 200, its linked stylesheet applied and its image drawn: a browser ignores CSS that is not served as text/css and shows no image that is not served byte-exact.',
    rfc: 'RFC 9110 §8.3',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'content-type' },
  },
};
