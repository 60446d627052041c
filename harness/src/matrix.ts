// npm test's matrix: each chapter's spec against every step it applies to.
import { listSteps, newestStep } from '@hfs/tools/course.ts';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Launched } from './launch.ts';
import { launchTarget, runCheck, SkipCheck } from './run-check.ts';
import { appliesTo, type Check, checkSpan, checksFor, type Spec } from './spec.ts';
import { stepTarget, type Target } from './targets.ts';

/**
 * The targets a spec runs against: every step it applies to, or, when grading (`npm run grade`),
 * the one server named by HFS_GRADE_COMMAND.
 */
export function targetsFor(spec: Spec): Target[] {
  const graded = gradedTarget();
  const targets = graded ? [graded] : listSteps().map(stepTarget);
  return targets.filter((target) => appliesTo(spec, target.chapter));
}

/** The server `npm run grade` asked for, from the environment it passes to vitest. */
function gradedTarget(): Target | undefined {
  const command = process.env.HFS_GRADE_COMMAND;
  if (!command) return undefined;
  return {
    name: 'your server',
    cwd: process.env.HFS_GRADE_CWD ?? process.cwd(),
    command: JSON.parse(command) as string[],
    chapter: Number(process.env.HFS_GRADE_CHAPTER),
  };
}

/**
 * The spec's checks for a step of this chapter. An expensive check runs against the first and
 * the last step it applies to only (the behaviour it proves is kept by every step between, and
 * each of those is checked by every cheap check): once per behaviour, not once per step. When
 * grading, every check runs.
 */
export function matrixChecks(spec: Spec, chapter: number): Check[] {
  const newest = newestStep().chapter;
  return checksFor(spec, chapter).filter((check) => {
    if (!check.expensive || gradedTarget()) return true;
    const [first, last] = checkSpan(spec, check, newest);
    return chapter === first || chapter === last;
  });
}

/** Registers the spec's checks with vitest, one describe block per target. */
export function runSpec(spec: Spec, targets: Target[] = targetsFor(spec)): void {
  for (const target of targets) {
    const checks = matrixChecks(spec, target.chapter);
    if (checks.length === 0) continue; // only expensive checks, run against other steps
    describe(`${target.name} | ${spec.title}`, () => {
      let server: Launched | undefined;
      beforeAll(async () => {
        server = await launchTarget(target);
      });
      afterAll(async () => {
        await server?.stop();
      });
      for (const check of checks) {
        it(check.name, { timeout: check.timeoutMs }, async (vitest) => {
          try {
            await runCheck(check, target, check.fresh ? undefined : server);
          } catch (error) {
            if (error instanceof SkipCheck) vitest.skip(error.message);
            throw error;
          }
        });
      }
    });
  }
}
