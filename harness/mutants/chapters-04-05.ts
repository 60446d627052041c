// The naive servers of chapters 4 and 5: the bugs the Python tutorial has (open('htdocs' + path),
// an exception that kills the server) and the shortcuts chapter 5 is about, each failing the check
// that proves the chapter's point.

import { routingSpec } from '../specs/04-routing.ts';
import { notFoundSpec } from '../specs/05-404.ts';
import { badInputSpec } from '../specs/bad-input.ts';
import { DOTFILE_CHECK, OUTSIDE_HTDOCS_CHECK, traversalSpec } from '../specs/traversal.ts';
import type { Mutant } from './mutant.ts';

export const mutants: Mutant[] = [
  {
    name: 'follows-dot-dot',
    step: '04-routing',
    bug: "joins htdocs and the decoded path without checking where it leads, like open('htdocs' + path)",
    patches: [
      {
        find: 'async function resolvePath(urlPath: string): Promise<string | undefined> {',
        replace: `async function resolvePath(urlPath: string): Promise<string | undefined> {
  return path.join(htdocsPath, urlPath);
}
async function containedPath(urlPath: string): Promise<string | undefined> {`,
      },
    ],
    caughtBy: {
      spec: traversalSpec,
      check: OUTSIDE_HTDOCS_CHECK,
      failsWith: /GET \/\.\.\/secret\.txt: the answer holds a planted secret/,
    },
  },
  {
    name: 'serves-dotfiles',
    step: '04-routing',
    bug: 'keeps the path inside htdocs/ but serves hidden files: .env, .git/config',
    patches: [
      {
        find: "  if (urlPath.split('/').some((segment) => segment.startsWith('.'))) return undefined;\n",
        replace:
          "  if (urlPath.split('/').some((segment) => segment.startsWith('..'))) return undefined;\n",
      },
      {
        find: "  return below.every((segment) => !segment.startsWith('.'));",
        replace: '  return below.length > 0;',
      },
    ],
    caughtBy: {
      spec: traversalSpec,
      check: DOTFILE_CHECK,
      failsWith: /GET \/\.env: the answer holds a planted secret/,
    },
  },
  {
    name: 'decodes-twice',
    step: '04-routing',
    bug: 'decodes the path twice, so /%2541.html names A.html instead of %41.html',
    patches: [
      {
        find: '    return decodeURIComponent(encodedPath);',
        replace: '    return decodeURIComponent(decodeURIComponent(encodedPath));',
      },
    ],
    caughtBy: {
      spec: routingSpec,
      check:
        'a percent-encoded path is decoded once: /ipsum%2Ehtml, /a%20b.html, /%2541.html names "%41.html"',
      failsWith: /the body of GET \/%2541\.html/,
    },
  },
  {
    name: 'one-content-type',
    step: '04-routing',
    bug: 'says text/html for every file, so the browser ignores the stylesheet',
    patches: [
      {
        find: "  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';",
        replace: "  return 'text/html; charset=utf-8';",
      },
    ],
    caughtBy: {
      spec: routingSpec,
      check:
        'Content-Type from the extension: html css js mjs json txt svg png jpg gif ico webp woff2 wasm pdf xml, else application/octet-stream',
      failsWith: /the Content-Type of GET \/types\/file\.css/,
    },
  },
  {
    name: 'fragment-in-file-name',
    step: '04-routing',
    bug: 'keeps a typed "#top" in the path, so GET /ipsum.html#top looks for a file "ipsum.html#top"',
    patches: [
      {
        find: '  if (hash !== -1) pathAndQuery = pathAndQuery.slice(0, hash);\n',
        replace: '',
      },
    ],
    caughtBy: {
      spec: routingSpec,
      check: 'a fragment typed by hand does not change which file is served: GET /ipsum.html#top',
      failsWith: /GET \/ipsum\.html#top should answer 200/,
    },
  },
  {
    name: 'dies-on-handler-error',
    step: '04-routing',
    bug: 'lets an exception from a handler escape, and the unhandled rejection ends the process',
    patches: [
      {
        find: `  try {
    return await route(request);
  } catch (error) {`,
        replace: `  try {
    return await route(request);
  } finally {
  }
  try {
  } catch (error) {`,
      },
    ],
    caughtBy: {
      spec: routingSpec,
      check: 'a handler that throws answers 500, and the server carries on',
      failsWith: /GET \/loop\.html .*: the server \w+.* the connection without sending a response/,
    },
  },
  {
    name: 'missing-file-200',
    step: '05-404',
    bug: 'answers 200 with the 404 page for a missing file, so a typo looks like a page that exists',
    patches: [
      {
        find: "  return response(404, 'text/html; charset=utf-8', await readFile(new URL('404.html', htdocs)));",
        replace:
          "  return response(200, 'text/html; charset=utf-8', await readFile(new URL('404.html', htdocs)));",
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'a missing file answers 404 with htdocs/404.html',
      failsWith: /GET \/no-such-page\.html \(no such file\): expected 200 to be 404/,
    },
  },
  {
    name: 'head-with-body',
    step: '05-404',
    bug: 'answers HEAD with the whole response, body included',
    patches: [
      {
        find: "  return method === 'HEAD' ? { ...answer, withoutBody: true } : answer;",
        replace: '  return answer;',
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'HEAD answers as GET would, status and headers, without the body',
      failsWith: /an answer to HEAD has no body, but \d+ bytes followed the head/,
    },
  },
  {
    name: 'dies-on-malformed-request-line',
    step: '05-404',
    bug: 'parses the request line outside the try, so a malformed one ends the process',
    patches: [
      {
        find: `  try {
    const request = parseRequest(lines);`,
        replace: `  const request = parseRequest(lines);
  try {`,
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'a malformed request line answers 400',
      failsWith:
        /no version \(HTTP\/0\.9 style\): "GET \/": expected 400, but the server \w+.* the connection without sending a response/,
    },
  },
  {
    name: 'no-head-limit-431',
    step: '05-404',
    bug: 'reads a request head of any size, holding all of it in memory',
    patches: [
      {
        find: '    if ((headLength === -1 ? received.length : headLength) > MAX_HEAD_BYTES) {',
        replace: '    if (false) {',
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'a request head over 16 KiB answers 431',
      failsWith: /the server should answer 431: expected 200 to be 431/,
    },
  },
  {
    name: 'head-limit-without-431',
    step: '05-404',
    bug: 'cuts off a head over 16 KiB without a word, as chapters 2 to 4 did',
    patches: [
      {
        find: '      send(unfinishedRequestLine(received), statusPage(431, explanation));',
        replace: '      socket.destroy();',
      },
    ],
    caughtBy: {
      spec: badInputSpec,
      check: 'a 20 KiB request head is refused without waiting for more (limit 16 KiB)',
      failsWith:
        /a head over 16 KiB should be answered 431 .*: the server \w+.* the connection without sending a response/,
    },
  },
  {
    name: 'no-headers-timeout',
    step: '05-404',
    bug: 'waits forever for a client that never finishes its head',
    patches: [
      {
        find: '  const headTimer = setTimeout(() => {',
        replace: '  const headTimer = setTimeout(() => {\n    if (headTimer) return;',
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'a client that sends nothing gets 408 after HEADERS_TIMEOUT_MS, then a close',
      failsWith: /expected a 408 after about 300 ms: timed out after 3000 ms/,
    },
  },
  {
    name: 'host-optional',
    step: '05-404',
    bug: 'answers an HTTP/1.1 request without Host, as if it were HTTP/1.0',
    patches: [
      {
        find: "  if (hosts.length === 0 && request.version === 'HTTP/1.0') return;",
        replace: '  if (hosts.length === 0) return;',
      },
    ],
    caughtBy: {
      spec: notFoundSpec,
      check: 'HTTP/1.1 without exactly one valid Host answers 400',
      failsWith: /no Host: \[\]: the server should answer 400: expected 200 to be 400/,
    },
  },
];
