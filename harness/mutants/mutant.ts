// A mutant is a course step with one deliberate bug, usually the one the naive Python tutorial
// has. Each names the check that must catch it: a check that no mutant fails proves nothing.
import { findStep, type Step } from '@hfs/tools/course.ts';
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
  patches: StepPatch[];
  /** The check that must fail, and what its failure must say. */
  caughtBy: { spec: Spec; check: string; failsWith: RegExp };
}

/** A replacement in a step's files; `file` defaults to src/server.ts. */
export type StepPatch = Omit<Patch, 'file'> & { file?: string };

/** The mutant as a runnable target: a patched private copy of its step. */
export function mutantTarget(mutant: Mutant): Target {
  const step = findStep(mutant.step);
  if (!step) throw new Error(`mutant ${mutant.name}: no step called ${mutant.step}`);
  return patchedStepTarget(step, mutant.patches, mutant.name);
}

/** A private copy of a step with `patches` applied: a mutant, or an exercise's solution. */
export function patchedStepTarget(step: Step, patches: StepPatch[], label: string): Target {
  const withFiles = patches.map((patch) => ({ file: 'src/server.ts', ...patch }));
  return copyTarget(stepTarget(step), withFiles, label);
}
