import { keepAliveSpec } from '../specs/07-keep-alive.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(keepAliveSpec);
