// Grades a server: runs the plan's checks through vitest (its node API, in this process, with the
// one test file grading/checks.test.ts), and collects each check's result from a reporter of our
// own, as data. The learner's report, the JUnit/JSON/Markdown files and the class report are all
// made from that data. One Grader runs many times (watch mode) without starting vitest again.
import { fileURLToPath } from 'node:url';
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node';
import type { FailureDetails } from '../report.ts';
import type { Target } from '../targets.ts';
import type { CheckMeta, GradingJob } from './job.ts';
import { planChapters, planExercise } from './plan.ts';

const harnessDir = fileURLToPath(new URL('../../', import.meta.url));

export type CheckState = 'passed' | 'failed' | 'skipped';

export interface CheckResult {
  id: string;
  name: string;
  chapter: number;
  /** The spec (or exercise) it belongs to. */
  group: string;
  /** From a step-contract spec: checked in every chapter, not a chapter's lesson. */
  contract: boolean;
  state: CheckState;
  durationMs: number;
  /** Failed: what it expected and what went wrong. Skipped: why it did not run. */
  message?: string;
  details?: FailureDetails;
  /** It failed because the server could not be started at all. */
  startFailed?: boolean;
}

export interface ChapterResult {
  chapter: number;
  title: string;
  checks: CheckResult[];
}

export interface GradeResult {
  target: { name: string; cwd: string; command: string[] };
  upTo: number;
  exercise?: string;
  chapters: ChapterResult[];
  durationMs: number;
}

export interface GradeOptions {
  upTo: number;
  exercise?: string;
  stopAtFirstFailingChapter?: boolean;
  checkTimeoutMs?: number;
}

/** Collects what each test of grading/checks.test.ts reported. */
class Collector implements Reporter {
  modules: ReadonlyArray<TestModule> = [];
  /** Told of each check as it finishes, so a report can show the first failure at once. */
  onResult: ((result: CheckResult) => void) | undefined;
  onTestCaseResult(test: TestCase): void {
    const result = checkResult(test);
    if (result) this.onResult?.(result);
  }
  /** Errors of the run itself, outside any check (vitest's own, or a worker that died). */
  runErrors: ReadonlyArray<{ message?: string }> = [];
  onTestRunEnd(
    testModules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<{ message?: string }>,
  ): void {
    this.modules = testModules;
    this.runErrors = unhandledErrors;
  }
}

function checkResult(test: TestCase): CheckResult | undefined {
  const meta = (test.meta() as { hfs?: CheckMeta }).hfs;
  if (!meta) return undefined;
  const result = test.result();
  const state: CheckState =
    result.state === 'passed' || result.state === 'failed' ? result.state : 'skipped';
  const skipNote = result.state === 'skipped' ? result.note : undefined;
  const error = result.state === 'failed' ? result.errors[0] : undefined;
  return {
    id: meta.id,
    name: test.name,
    chapter: meta.chapter,
    group: meta.group,
    contract: meta.contract,
    state,
    durationMs: Math.round(test.diagnostic()?.duration ?? 0),
    ...(state === 'failed' && {
      // A timeout is vitest's own error, with no failure attached by runCheck.
      message: meta.failure?.expectation ?? timeoutMessage(error?.message),
      details: meta.failure?.details,
      startFailed: meta.startFailed,
    }),
    ...(skipNote && { message: skipNote }),
  };
}

function timeoutMessage(message = 'the check failed'): string {
  const timedOut = /Test timed out in (\d+)ms/.exec(message);
  return timedOut
    ? `the check did not finish within ${Number(timedOut[1]) / 1000} s: the server never answered something it was waiting for (a hung request?)`
    : message;
}

export class Grader {
  /** The run in progress was stopped on purpose (a new save): what it lacks is not an error. */
  private cancelled = false;

  private constructor(
    private readonly vitest: Vitest,
    private readonly collector: Collector,
  ) {}

  static async create(): Promise<Grader> {
    const { createVitest } = await import('vitest/node');
    const collector = new Collector();
    const vitest = await createVitest(
      'test',
      {
        config: false,
        root: harnessDir,
        include: ['grading/checks.test.ts'],
        globalSetup: ['test/global-setup.ts'],
        pool: 'forks',
        watch: false,
        reporters: [collector],
        // A check's own bounded waits come first; these only catch a check that hangs.
        testTimeout: 30_000,
        // Every spec at once (about ten servers): they mostly wait on sockets.
        maxConcurrency: 16,
        hookTimeout: 30_000,
      },
      { logLevel: 'silent' },
    );
    return new Grader(vitest, collector);
  }

  async grade(
    target: Target,
    options: GradeOptions,
    onResult?: (result: CheckResult) => void,
  ): Promise<GradeResult> {
    const started = Date.now();
    const job: GradingJob = {
      target,
      upTo: options.upTo,
      ...(options.exercise !== undefined && { exercise: options.exercise }),
      stopAtFirstFailingChapter: options.stopAtFirstFailingChapter ?? false,
      checkTimeoutMs: options.checkTimeoutMs ?? 30_000,
    };
    this.vitest.provide('hfsGrading' as never, job as never);
    const specifications = await this.vitest.globTestSpecifications();
    this.collector.onResult = onResult;
    this.cancelled = false;
    try {
      await this.vitest.runTestSpecifications(specifications, true);
    } finally {
      this.collector.onResult = undefined;
    }
    const results = this.collector.modules
      .flatMap((module) => [...module.children.allTests()])
      .map(checkResult)
      .filter((result) => result !== undefined);
    const plans = options.exercise
      ? [planExercise(options.exercise)].filter((plan) => plan !== undefined)
      : planChapters(options.upTo);
    // Chapters run side by side: when checking stops at the first failing chapter, what later
    // chapters did is not reported (they are "not run"), whether or not their checks had started.
    const failedChapters = results
      .filter((r) => r.state === 'failed' && !r.contract)
      .map((r) => r.chapter);
    const stopAfter =
      job.stopAtFirstFailingChapter && failedChapters.length > 0
        ? Math.min(...failedChapters)
        : undefined;
    const chapters = plans.map((plan) => ({
      chapter: plan.chapter,
      title: plan.title,
      checks: results
        .filter((r) => r.chapter === plan.chapter)
        .map(
          (r): CheckResult =>
            stopAfter !== undefined && r.chapter > stopAfter
              ? {
                  ...r,
                  state: 'skipped',
                  durationMs: 0,
                  message: `chapter ${stopAfter} fails`,
                  details: undefined,
                }
              : r,
        ),
    }));
    // A run that broke, or ran nothing, must never read as "0 failed": that is a grader error.
    const unreported = [
      ...this.collector.runErrors,
      ...this.collector.modules.flatMap((module) => module.errors()),
    ];
    if (!this.cancelled && (this.collector.runErrors.length > 0 || results.length === 0))
      throw new Error(
        `the checks could not run: ${unreported[0]?.message ?? 'no check reported a result'}`,
      );
    return {
      target: { name: target.name, cwd: target.cwd, command: target.command },
      upTo: options.upTo,
      ...(options.exercise !== undefined && { exercise: options.exercise }),
      chapters,
      durationMs: Date.now() - started,
    };
  }

  /** Stops a run in progress (a new save arrived in watch mode). */
  cancel(): Promise<void> {
    this.cancelled = true;
    return this.vitest.cancelCurrentRun('keyboard-input');
  }

  close(): Promise<void> {
    return this.vitest.close();
  }
}

export function counts(checks: CheckResult[]): { passed: number; failed: number; skipped: number } {
  return {
    passed: checks.filter((c) => c.state === 'passed').length,
    failed: checks.filter((c) => c.state === 'failed').length,
    skipped: checks.filter((c) => c.state === 'skipped').length,
  };
}
