import { badInputSpec } from '../specs/bad-input.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(badInputSpec);
