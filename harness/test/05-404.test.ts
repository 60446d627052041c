import { notFoundSpec } from '../specs/05-404.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(notFoundSpec);
