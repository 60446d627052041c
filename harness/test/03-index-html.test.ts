import { indexHtmlSpec } from '../specs/03-index-html.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(indexHtmlSpec);
