// The naive servers of chapters 4 and 5: the bugs the Python tutorial has (open('htdocs' + path),
// an exception that kills the server) and the shortcuts chapter 5 is about, each failing the check
// that proves the chapter's point.

import { routingSpec } from '../specs/04-routing.ts';
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
];
