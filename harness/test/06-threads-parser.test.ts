import { threadsParserSpec } from '../specs/06-threads-parser.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(threadsParserSpec);
