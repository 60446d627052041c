// Hints for chapter 4's security half (harness/specs/traversal.ts): nothing outside htdocs/, no
// dotfiles. The check names carry the number of spellings, so a new spelling renames the key here.
import type { Hint } from './hint.ts';

export const traversalHints: Record<string, Hint> = {
  'never-serves-a-file-outside-htdocs-184-spellings-of-encoded-doubled-backslashed-nul-overlong-utf-8-absolute-sent-raw':
    {
      expects:
        'No target, however it spells ".." or "/" (%2e%2e, %252e, ..%5c, overlong UTF-8, a NUL, an absolute path, a whole URL), gets a file from outside htdocs/: each is refused with 400, 403 or 404 (500 is tolerated in chapter 4 only) or the connection is closed, and the server still serves afterwards.',
      rfc: 'RFC 9110 §17.3',
      chapter: 4,
      heading: 'What the naive version gets wrong',
      code: { file: 'src/server.ts', region: 'resolve-path' },
    },
  'never-serves-a-dotfile-htdocs-env-and-htdocs-git-config-26-spellings-sent-raw': {
    expects:
      'No spelling of a dotfile or dot-folder inside htdocs/ (/.env, /%2eenv, /.git/config, /blog/../.env) is served: refuse any path with a segment that starts with a dot, with 400, 403 or 404 (500 is tolerated in chapter 4 only), or close the connection.',
    rfc: 'RFC 9110 §17.3',
    chapter: 4,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'resolve-path' },
  },
};
