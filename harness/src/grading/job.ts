// What the grading process tells its test file (through vitest's provide/inject), and what each
// check reports back (through the test's meta), both plain JSON.
import type { FailureDetails } from '../report.ts';
import type { Target } from '../targets.ts';

export interface GradingJob {
  target: Target;
  /** Grade the chapters 1..upTo (with chapter upTo's behaviour). */
  upTo: number;
  /** Or one graded exercise instead, e.g. "5.3". */
  exercise?: string;
  /** Skip the chapters after the first that fails (the workbench); grading runs them all. */
  stopAtFirstFailingChapter: boolean;
  /** A check that has not finished by then fails (a hung request); a check may ask for longer. */
  checkTimeoutMs: number;
}

export interface CheckMeta {
  id: string;
  chapter: number;
  group: string;
  /** From a step-contract spec (see Spec.contract). */
  contract: boolean;
  failure?: { expectation: string; details?: FailureDetails };
  /** It failed because the server could not be started at all. */
  startFailed?: boolean;
}
