import { contractSpec, htdocsSpec } from '../specs/contract.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(contractSpec);
runSpec(htdocsSpec);
