import { traversalSpec } from '../specs/traversal.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(traversalSpec);
