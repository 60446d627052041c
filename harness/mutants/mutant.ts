// A mutant is a course step with one deliberate bug, usually the one the naive Python tutorial
// has. Each names the check that must catch it: a check that no mutant fails proves nothing.
import { findStep } from '@hfs/tools/course.ts';
import type { Spec } from '../src/spec.ts';
import { copyTarget, type Patch, stepTarget, type Target } from '../src/targets.ts';

export interface Mutant {
  /** Short kebab-case name, e.g. "no-content-length". */
  name: string;
  /** The step it breaks. */
  step: string;
  /** The bug, in one line a learner would recognise. */
  bug: string;
  /** Text replacements in the step's files (file defaults to src/server.ts). */
  patches: Array<Omit<Patch, 'file'> & { file?: string }>;
  /** The check that must fail, and what its failure must say. */
  caughtBy: { spec: Spec; check: string; failsWith: RegExp };
}

/** The mutant as a runnable target: a patched private copy of its step. */
export function mutantTarget(mutant: Mutant): Target {
  const step = findStep(mutant.step);
  if (!step) throw new Error(`mutant ${mutant.name}: no step called ${mutant.step}`);
  const patches = mutant.patches.map((patch) => ({ file: 'src/server.ts', ...patch }));
  return copyTarget(stepTarget(step), patches, mutant.name);
}
