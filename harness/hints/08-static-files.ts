// Hints for chapter 8, static files done right (harness/specs/08-static-files.ts). Written before
// the chapter's text: the headings are the ones every chapter has, and test/hints.test.ts checks
// them once docs/chapters/08-static-files.md exists.
import type { Hint } from './hint.ts';

export const staticFilesHints: Record<string, Hint> = {
  'streams-a-64-mib-file-to-a-slow-reader-with-flat-memory-and-still-serves-others': {
    expects:
      "A 64 MiB file sent to a client that reads slowly arrives whole and unchanged while the server's memory grows by less than 48 MiB and other clients are still served: stream the file from disk in pieces, pausing while the socket's buffer is full, never read it whole.",
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/static-files.ts', region: 'file-body' },
  },
  'every-file-has-an-etag-and-a-last-modified-a-revalidation-with-either-gets-304-and-no-body': {
    expects:
      'A file answer carries an ETag (a quoted string, maybe W/"...") and a Last-Modified date, and a GET that sends either back (If-None-Match, If-Modified-Since) gets 304 with the same ETag and not one byte of body.',
    rfc: 'RFC 9110 §15.4.5',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/conditional.ts', region: 'validators' },
  },
  'if-none-match-wins-over-if-modified-since-a-date-that-is-not-one-yesterday-is-ignored': {
    expects:
      'When a request has both, If-None-Match decides and If-Modified-Since is not looked at, If-None-Match matches any ETag of a list and compares weakly (W/ does not matter), and an If-Modified-Since that is not an HTTP date ("yesterday") is ignored.',
    rfc: 'RFC 9110 §13.1.3',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/conditional.ts', region: 'preconditions' },
  },
  'editing-a-file-changes-its-etag-the-old-etag-gets-200-and-the-new-bytes-not-a-stale-304': {
    expects:
      'After a file is rewritten with other bytes of the same length, a revalidation with its old ETag gets 200, a new ETag and the new bytes: make the ETag from more than the size (the modification time in nanoseconds, say).',
    rfc: 'RFC 9110 §8.8.3',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/conditional.ts', region: 'validators' },
  },
  'range-a-single-an-open-ended-and-a-suffix-range-get-206-with-content-range-and-exactly-those-bytes':
    {
      expects:
        'Range: bytes=0-9, bytes=100- and bytes=-25 (and a last position past the end, however large) get 206 with Content-Range: bytes FIRST-LAST/SIZE and exactly those bytes, a whole-file answer says Accept-Ranges: bytes, and curl -r 0-99 gets 206.',
      rfc: 'RFC 9110 §14.1.2',
      chapter: 8,
      heading: 'The code',
      code: { file: 'src/ranges.ts', region: 'parse-range' },
    },
  'a-range-past-the-end-gets-416-with-content-range-bytes-len-one-the-server-cannot-read-gets-the-whole-file':
    {
      expects:
        'A range that starts at or past the end of the file (or bytes=-0) gets 416 with Content-Range: bytes */SIZE, while one that is not a byte range at all (bytes=5-1, items=0-5, bytes=abc) is ignored and the whole file sent with 200.',
      rfc: 'RFC 9110 §15.5.17',
      chapter: 8,
      heading: 'The code',
      code: { file: 'src/ranges.ts', region: 'parse-range' },
    },
  'a-thousand-overlapping-ranges-cost-one-pass-over-the-file-never-a-thousand-parts': {
    expects:
      'Range: bytes=0-0 repeated a thousand times gets 200 or 206 with a body no bigger than the file (plus 512 bytes), and the server carries on: merge ranges that overlap, or send the whole file.',
    rfc: 'RFC 9110 §14.2',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/ranges.ts', region: 'coalesce' },
  },
  'if-range-the-range-with-the-current-etag-or-date-the-whole-file-with-an-old-one': {
    expects:
      'Range: bytes=0-9 with an If-Range that holds the current ETag or Last-Modified gets 206 and those ten bytes, and with an older ETag or date gets 200 and the whole file.',
    rfc: 'RFC 9110 §13.1.5',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/conditional.ts', region: 'preconditions' },
  },
  'compresses-text-with-gzip-or-br-when-accept-encoding-allows-chunked-with-vary-accept-encoding': {
    expects:
      'A text file of some size asked for with Accept-Encoding gzip or br (the higher q-value winning) comes compressed, smaller, with Content-Encoding, Vary: Accept-Encoding, Transfer-Encoding: chunked and no Content-Length, decodes to the file, and its uncompressed answer says Vary: Accept-Encoding too.',
    rfc: 'RFC 9110 §12.5.3',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/compression.ts', region: 'codings' },
  },
  'a-chunked-answer-ends-with-its-last-chunk-and-the-next-answer-on-the-connection-follows-it': {
    expects:
      'A gzip answer sent chunked ends with the last chunk 0\\r\\n\\r\\n, each chunk size counting its bytes, and the answer to the next pipelined request starts right after it.',
    rfc: 'RFC 9112 §7.1',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/chunked.ts', region: 'chunked' },
  },
  'q-values-identity-q-0-q-0-and-gzip-q-0-are-respected-a-10-kib-accept-encoding-is-read': {
    expects:
      'Accept-Encoding q-values are obeyed: gzip;q=0, br;q=0 gets the file uncompressed, identity;q=0, gzip and br;q=0, * get gzip, *;q=0 gets 406 (or the file uncompressed), and gzip after 10 KiB of unknown codings is still found.',
    rfc: 'RFC 9110 §12.5.3',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/compression.ts', region: 'codings' },
  },
  'never-compresses-a-range-an-image-or-a-tiny-file': {
    expects:
      'Even when gzip and br are accepted, a Range request gets its 206 of the bytes on disk, and a PNG and a five-byte text file are sent as they are, with no Content-Encoding.',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/static-files.ts', region: 'answer' },
  },
  'clean-urls-blog-first-post-serves-blog-first-post-html-in-urllib-too': {
    expects:
      "GET /blog/first-post, a path with no such file, serves blog/first-post.html as text/html (in Python's urllib too), and /blog/no-such-post, with no .html either, is still a 404.",
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/static-files.ts', region: 'find' },
  },
  'htdocs-chooses-the-folder-served': {
    expects:
      'Started with HTDOCS=/some/folder, the server serves that folder instead of its own htdocs/: / is its index.html and /page its page.html.',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'htdocs' },
  },
  'a-file-truncated-or-deleted-mid-stream-never-a-short-body-passed-off-as-whole-and-the-server-carries-on':
    {
      expects:
        'When a 24 MiB file is truncated or deleted while it is being sent, the client gets either the whole file as it was or a connection closed before Content-Length bytes, never fewer bytes on a connection left open, and the server serves on.',
      rfc: 'RFC 9112 §8',
      chapter: 8,
      heading: 'The code',
      code: { file: 'src/static-files.ts', region: 'file-body' },
    },
  'a-symlink-swapped-while-requests-run-never-serves-a-file-outside-the-folder': {
    expects:
      'While a symlink inside htdocs/ is swapped back and forth between a file inside and one outside, no answer holds the outside file: each is 200 with the inside page or 404: resolve the real path, then open that path without following a symlink (O_NOFOLLOW), so that a link swapped in between is refused.',
    rfc: 'RFC 9110 §17.3',
    chapter: 8,
    heading: 'The code',
    code: { file: 'src/static-files.ts', region: 'find' },
  },
};
