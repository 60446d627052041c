// A graded exercise: a chapter's "Exercises" section made checkable. The learner changes their
// server; the exercise's own checks say whether it now does the new thing. Each exercise keeps a
// reference solution (patches to the chapter's step, as a mutant is), and npm test proves that its
// checks fail on the step as shipped and pass on the solution (rustlings' `dev check`).
import type { Hint } from '../hints/hint.ts';
import type { Check } from '../src/spec.ts';
import type { Patch } from '../src/targets.ts';

export interface Exercise {
  /** "<chapter>.<n>", e.g. "5.3": what `npm run exercise -- check 5.3` and the chapter call it. */
  id: string;
  chapter: number;
  /** A short title, e.g. "OPTIONS, properly". */
  title: string;
  /** What to build, in one or two sentences a learner can act on. */
  task: string;
  /** Its own checks, run against a server of its chapter (after every chapter check passes). */
  checks: Check[];
  /** The three levels `npm run exercise -- hint 5.3` gives, one per call. */
  hint: Hint;
  /** The reference solution: replacements in the chapter's step (file defaults to src/server.ts). */
  solution: Array<Omit<Patch, 'file'> & { file?: string }>;
}
