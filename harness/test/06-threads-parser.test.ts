import { runSpec } from '../src/matrix.ts';
import { threadsParserSpec } from '../specs/06-threads-parser.ts';

runSpec(threadsParserSpec);
