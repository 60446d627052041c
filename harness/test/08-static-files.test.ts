import { staticFilesSpec } from '../specs/08-static-files.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(staticFilesSpec);
