// Hints for chapter 3, htdocs/index.html (harness/specs/03-index-html.ts).
import type { Hint } from './hint.ts';

export const indexHtmlHints: Record<string, Hint> = {
  'every-path-gets-the-bytes-of-htdocs-index-html': {
    expects:
      'In chapter 3 every path (/, /index.html, /some/other/path?x=1, /%F0%9F%91%8B) gets 200 and exactly the bytes of htdocs/index.html, sent as read, never decoded into a string.',
    chapter: 3,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'reads-index-html-on-every-request-edit-it-reload-see-the-change': {
    expects:
      'After htdocs/index.html is edited, the next request gets the new bytes without a restart: read the file inside the request handler, not once at start-up.',
    chapter: 3,
    heading: 'What the naive version gets wrong',
    code: { file: 'src/server.ts', region: 'response' },
  },
  'answers-500-when-index-html-cannot-be-read-and-serves-it-again-once-it-is-back': {
    expects:
      'With htdocs/index.html renamed away, GET / gets a 500 with a Content-Length and the server keeps running, and once the file is back it serves the page again: catch the failed read and answer 500 Internal Server Error.',
    rfc: 'RFC 9110 §15.6.1',
    chapter: 3,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'response' },
  },
};
