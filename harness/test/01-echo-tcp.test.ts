import { echoSpec } from '../specs/01-echo-tcp.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(echoSpec);
