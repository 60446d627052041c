// Every graded exercise, from every chapter: what `npm run exercise -- check 5.3` runs, and what
// test/exercises.test.ts proves fails on the step as shipped and passes on its reference solution.
import { findStep } from '@hfs/tools/course.ts';
import { patchedStepTarget } from '../mutants/mutant.ts';
import type { Target } from '../src/targets.ts';
import { exercises as chapter01 } from './chapter-01.ts';
import { exercises as chapter02 } from './chapter-02.ts';
import { exercises as chapter03 } from './chapter-03.ts';
import { exercises as chapter04 } from './chapter-04.ts';
import { exercises as chapter05 } from './chapter-05.ts';
import { exercises as chapter06 } from './chapter-06.ts';
import { exercises as chapter07 } from './chapter-07.ts';
import { exercises as chapter08 } from './chapter-08.ts';
import type { Exercise } from './exercise.ts';

export const exercises: Exercise[] = [
  ...chapter01,
  ...chapter02,
  ...chapter03,
  ...chapter04,
  ...chapter05,
  ...chapter06,
  ...chapter07,
  ...chapter08,
];

/** An exercise by id ("5.3"); undefined when there is none. */
export function findExercise(id: string): Exercise | undefined {
  return exercises.find((exercise) => exercise.id === id);
}

/** The reference solution as a runnable target: a private copy of the chapter's step, patched. */
export function exerciseSolutionTarget(exercise: Exercise): Target {
  const step = findStep(String(exercise.chapter));
  if (!step) throw new Error(`exercise ${exercise.id}: no step for chapter ${exercise.chapter}`);
  return patchedStepTarget(step, exercise.solution, `exercise-${exercise.id}`);
}
