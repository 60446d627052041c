import { routingSpec } from '../specs/04-routing.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(routingSpec);
