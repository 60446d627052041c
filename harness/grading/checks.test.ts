// The one test file grading runs (npm run grade, npm run exercise -- check): the checks of the
// plan it is given (src/grading/run.ts provides it). Each spec has one server its checks share, and
// they run one after another (it.sequential; running a spec's `fresh` checks beside them was tried:
// on 2 cores it was slower, 22 s against 20 s for chapter 6). Every spec of every chapter runs side by side (vitest runs neighbouring
// concurrent suites together), so the slowest spec, not the sum of all, sets the time. The report
// still reads chapter by chapter: when the job stops at the first failing chapter, checks of later
// chapters that have not started yet are skipped.
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import type { CheckMeta, GradingJob } from '../src/grading/job.ts';
import {
  type PlannedCheck,
  type PlannedGroup,
  planChapters,
  planExercise,
} from '../src/grading/plan.ts';
import type { Launched } from '../src/launch.ts';
import { checkFailureOf, launchTarget, runCheck, SkipCheck } from '../src/run-check.ts';

const job = inject('hfsGrading' as never) as GradingJob;
const plans = job.exercise
  ? [planExercise(job.exercise)].filter((plan) => plan !== undefined)
  : planChapters(job.upTo);

/** The first chapter whose own checks fail (checking stops there when the job says so). */
let failedChapter: number | undefined;
/** A server that could not start once will not start for the next spec either: say so at once. */
let startFailure: Error | undefined;

function registerCheck(
  chapter: number,
  group: PlannedGroup,
  { id, check }: PlannedCheck,
  shared: () => Launched | undefined,
): void {
  it.sequential(check.name, { timeout: check.timeoutMs ?? job.checkTimeoutMs }, async (context) => {
    const meta: CheckMeta = { id, chapter, group: group.title, contract: group.contract };
    Object.assign(context.task.meta, { hfs: meta });
    if (job.stopAtFirstFailingChapter && failedChapter !== undefined && failedChapter < chapter)
      context.skip(`chapter ${failedChapter} fails`);
    try {
      if (startFailure) throw startFailure;
      await runCheck(check, job.target, check.fresh ? undefined : shared());
    } catch (error) {
      if (error instanceof SkipCheck) context.skip(error.message);
      if (!group.contract) failedChapter = Math.min(failedChapter ?? chapter, chapter);
      meta.failure = checkFailureOf(error) ?? {
        expectation: error instanceof Error ? error.message : String(error),
      };
      meta.startFailed = error === startFailure;
      // The report is made from meta. vitest is given an error with no stack: it maps every file
      // a stack names to its source map, and the server output quoted in a failure (a stack trace
      // of its own, through tsx's bundled files) once made it fail the whole run, losing every result.
      const failed = new Error(`check failed: ${id}`);
      failed.stack = failed.message;
      throw failed;
    }
  });
}

for (const plan of plans) {
  describe.concurrent(`chapter ${plan.chapter}`, () => {
    for (const group of plan.groups) {
      describe.concurrent(group.title, () => {
        let server: Launched | undefined;
        beforeAll(async () => {
          if (startFailure) return;
          server = await launchTarget(job.target).catch((error: Error) => {
            startFailure = error;
            return undefined;
          });
        });
        afterAll(async () => {
          await server?.stop();
        });
        for (const planned of group.checks)
          registerCheck(plan.chapter, group, planned, () => server);
      });
    }
  });
}
