import { helloHttpSpec } from '../specs/02-hello-http.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(helloHttpSpec);
