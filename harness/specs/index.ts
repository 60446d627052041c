// Every chapter spec, in one list: the grader, the workbench and the hints read it from here.
// (test/specs-index.test.ts fails when a spec file exports a Spec that is not listed.)
import { echoSpec } from './01-echo-tcp.ts';
import { helloHttpSpec } from './02-hello-http.ts';
import { indexHtmlSpec } from './03-index-html.ts';
import { routingSpec } from './04-routing.ts';
import { notFoundSpec } from './05-404.ts';
import { threadsParserSpec } from './06-threads-parser.ts';
import { keepAliveSpec } from './07-keep-alive.ts';
import { staticFilesSpec } from './08-static-files.ts';
import { badInputSpec } from './bad-input.ts';
import { contractSpec, htdocsSpec } from './contract.ts';
import { traversalSpec } from './traversal.ts';

export const specs = [
  contractSpec,
  badInputSpec,
  echoSpec,
  helloHttpSpec,
  indexHtmlSpec,
  htdocsSpec,
  routingSpec,
  traversalSpec,
  notFoundSpec,
  threadsParserSpec,
  keepAliveSpec,
  staticFilesSpec,
];
