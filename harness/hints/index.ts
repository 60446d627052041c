// Every chapter check's hint, for `npm run exercise -- hint [CHECK]`: one table per spec, keyed by
// the spec's id, each keyed by the check's slug (its id without the "<spec>/" in front; see
// checkId in src/spec.ts). The tables live in one file per spec, named as the spec's file is.
// A hint's code.file is relative to its chapter's step folder ("src/server.ts"), as a mutant's or
// an exercise's patch is.
// test/hints.test.ts proves that every check has a hint, and every hint a check, a heading and a
// region that exist.
import { echoHints } from './01-echo-tcp.ts';
import { helloHttpHints } from './02-hello-http.ts';
import { indexHtmlHints } from './03-index-html.ts';
import { routingHints } from './04-routing.ts';
import { notFoundHints } from './05-404.ts';
import { threadsParserHints } from './06-threads-parser.ts';
import { keepAliveHints } from './07-keep-alive.ts';
import { staticFilesHints } from './08-static-files.ts';
import { badInputHints } from './bad-input.ts';
import { contractHints, htdocsHints } from './contract.ts';
import type { Hint } from './hint.ts';
import { traversalHints } from './traversal.ts';

export type { Hint } from './hint.ts';

/** The hints of each spec, by spec id, then by check slug. */
export const hintTables: Record<string, Record<string, Hint>> = {
  contract: contractHints,
  htdocs: htdocsHints,
  'bad-input': badInputHints,
  '01-echo-tcp': echoHints,
  '02-hello-http': helloHttpHints,
  '03-index-html': indexHtmlHints,
  '04-routing': routingHints,
  traversal: traversalHints,
  '05-404': notFoundHints,
  '06-threads-parser': threadsParserHints,
  '07-keep-alive': keepAliveHints,
  '08-static-files': staticFilesHints,
};

/** The hint for a check id ("02-hello-http/works-with-curl"); undefined for an unknown id. */
export function hintFor(checkId: string): Hint | undefined {
  const slash = checkId.indexOf('/');
  if (slash === -1) return undefined;
  const table = hintTables[checkId.slice(0, slash)];
  // Own properties only: "02-hello-http/constructor" is no check.
  const slug = checkId.slice(slash + 1);
  return table && Object.hasOwn(table, slug) ? table[slug] : undefined;
}
