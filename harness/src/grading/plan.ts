// What grading a server "up to chapter N" runs: every spec that applies at chapter N, its checks
// grouped by the chapter that introduces them (a spec's `from`), in chapter order. A check's
// behaviour may depend on N (from chapter 5 on, bad input is answered 400), so the plan is made
// for one N.
import { listSteps } from '@hfs/tools/course.ts';
import { exercises } from '../../exercises/index.ts';
import { specs } from '../../specs/index.ts';
import { appliesTo, type Check, checkId, checksFor, type Spec } from '../spec.ts';

export interface PlannedCheck {
  /** Stable, for result files and hints: "02-hello-http/answers-http-1-1-200-ok-...". */
  id: string;
  check: Check;
}

export interface PlannedGroup {
  /** The spec's id, or the exercise's ("exercise-5.3"). */
  id: string;
  title: string;
  /** A step-contract spec: its failures do not stop checking, and are shown after a chapter's own. */
  contract: boolean;
  checks: PlannedCheck[];
}

export interface ChapterPlan {
  chapter: number;
  /** The chapter's title, from its step: "Hello, HTTP". */
  title: string;
  /** One group per spec (each runs against one server of its own), or one exercise. */
  groups: PlannedGroup[];
}

export function chapterTitle(chapter: number): string {
  return listSteps().find((step) => step.chapter === chapter)?.title ?? `chapter ${chapter}`;
}

function specGroup(spec: Spec, upTo: number): PlannedGroup {
  return {
    id: spec.id,
    title: spec.title,
    contract: spec.contract ?? false,
    checks: checksFor(spec, upTo).map((check) => ({ id: checkId(spec, check), check })),
  };
}

/** Chapters 1..upTo, each with the checks it introduces that still apply at chapter `upTo`. */
export function planChapters(upTo: number): ChapterPlan[] {
  const plans: ChapterPlan[] = [];
  for (let chapter = 1; chapter <= upTo; chapter++) {
    const groups = specs
      .filter((spec) => spec.from === chapter && appliesTo(spec, upTo))
      .map((spec) => specGroup(spec, upTo))
      .filter((group) => group.checks.length > 0);
    plans.push({ chapter, title: chapterTitle(chapter), groups });
  }
  return plans;
}

/** One graded exercise as a plan of its own: its checks, against a server of its chapter. */
export function planExercise(id: string): ChapterPlan | undefined {
  const exercise = exercises.find((e) => e.id === id);
  if (!exercise) return undefined;
  const spec: Spec = {
    id: `exercise-${exercise.id}`,
    title: `exercise ${exercise.id}: ${exercise.title}`,
    from: exercise.chapter,
    checks: exercise.checks,
  };
  return {
    chapter: exercise.chapter,
    title: `Exercise ${exercise.id}, ${exercise.title}`,
    groups: [specGroup(spec, exercise.chapter)],
  };
}

/** Finds a planned check by id in any chapter up to `upTo` (for `hint CHECK`). */
export function findPlannedCheck(id: string, upTo: number): PlannedCheck | undefined {
  for (const plan of planChapters(upTo))
    for (const group of plan.groups) {
      const found = group.checks.find((c) => c.id === id);
      if (found) return found;
    }
  return undefined;
}
