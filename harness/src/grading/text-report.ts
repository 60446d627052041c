// The report a learner reads, for `npm run exercise -- check` and `npm run grade`: a line per
// chapter with its count, the first failing check in full (what it expects, the bytes each way with
// a caret at the first wrong byte, commands that repeat it, the server's own output, the hint
// command), every other failure in one line, and `N passed, M failed` last. It is printed as the
// checks finish, so the first failure is on screen as soon as it is known; rendering a finished
// result gives the same text.
import pc from 'picocolors';
import { type FailureDetails, formatConnections, quoteOutput } from '../report.ts';
import type { ChapterPlan } from './plan.ts';
import { type CheckResult, counts, type GradeResult } from './run.ts';

/** Lines of the first failure's exchange and output shown; the rest is in the result files. */
const SHOWN_EXCHANGE_LINES = 22;
const SHOWN_OUTPUT_LINES = 8;
const ONE_LINE = 110;

export interface ReportOptions {
  color: boolean;
  /** The command that gives a hint for a check id, e.g. "npm run exercise -- hint". */
  hintCommand: string;
  /**
   * Checking stops at the first chapter whose own checks fail (the workbench): later chapters are
   * "not run", whatever their checks that had already started found.
   */
  stopsAtFirstFailingChapter?: boolean;
  /** How to start the server by hand, shown when it could not be started. */
  startCommand?: { cwd: string; command: string[] };
  /**
   * The chapter the learner is on (the workbench, when no earlier chapter failed last time): its
   * first failure is shown as soon as it is known, without waiting for the earlier chapters, which
   * take seconds more. Should one of them fail after all, its failure follows, as the one to fix
   * first.
   */
  eagerChapter?: number;
}

/** Colour on a terminal only, and never when NO_COLOR is set. */
export function wantsColor(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR;
}

function firstLine(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > ONE_LINE ? `${line.slice(0, ONE_LINE - 3)}...` : line;
}

function keepLines(text: string, most: number, which: 'first' | 'last'): string {
  const lines = text.split('\n');
  if (lines.length <= most) return text;
  const hidden = `... (${lines.length - most} more lines)`;
  return which === 'first'
    ? [...lines.slice(0, most), hidden].join('\n')
    : [hidden, ...lines.slice(-most)].join('\n');
}

/** The exchange of the last connection, and the output of the server under test. */
function failureBody(details: FailureDetails): string[] {
  const last = details.connections.at(-1);
  const parts: string[] = [];
  if (last) {
    const earlier = details.notShown + details.connections.length - 1;
    if (earlier > 0) parts.push(`(the check opened ${earlier} connection(s) before this one)`);
    parts.push(
      keepLines(
        formatConnections({ ...details, notShown: 0, connections: [last] }),
        SHOWN_EXCHANGE_LINES,
        'first',
      ),
    );
  }
  for (const { description, output } of details.outputs.slice(0, 2)) {
    parts.push(`--- Your server's output (${description}) ---`);
    parts.push(keepLines(quoteOutput(output), SHOWN_OUTPUT_LINES, 'last'));
  }
  return parts;
}

export class LiveReport {
  private readonly results = new Map<number, CheckResult[]>();
  private printedChapters = 0;
  private first: CheckResult | undefined;
  private readonly c: ReturnType<typeof pc.createColors>;

  constructor(
    private readonly plans: ChapterPlan[],
    private readonly write: (text: string) => void,
    private readonly options: ReportOptions,
  ) {
    this.c = pc.createColors(options.color);
  }

  private expected(chapter: number): number {
    const plan = this.plans.find((p) => p.chapter === chapter);
    return plan ? plan.groups.reduce((sum, group) => sum + group.checks.length, 0) : 0;
  }

  /** A check has finished (chapters run side by side: results come in any order). */
  add(result: CheckResult): void {
    const list = this.results.get(result.chapter) ?? [];
    list.push(result);
    this.results.set(result.chapter, list);
    this.printSettled();
    this.showEager();
  }

  /** The first failure of the chapter the learner is on, once every check before it is in. */
  private showEager(): void {
    const plan = this.plans.find((p) => p.chapter === this.options.eagerChapter);
    if (!plan || this.first) return;
    const failed = this.firstSettledFailure(plan, this.results.get(plan.chapter) ?? []);
    if (failed) this.showFirst(failed);
  }

  /**
   * Prints, in chapter order, what can no longer change: each finished chapter's line, and the
   * first failure once every chapter before it has finished (so it is the first in chapter order).
   * A chapter's own checks come before the step contract's: the lesson is what a learner is on.
   */
  private printSettled(): void {
    while (this.printedChapters < this.plans.length) {
      const plan = this.plans[this.printedChapters] as ChapterPlan;
      const done = this.results.get(plan.chapter) ?? [];
      const failed = this.firstSettledFailure(plan, done);
      // A failure shown early (eagerChapter) gives way to one in an earlier chapter.
      if (failed && (!this.first || this.first.chapter > plan.chapter)) {
        if (this.first) this.write(this.c.yellow('\nAn earlier chapter fails too: fix it first.'));
        this.showFirst(failed);
      }
      if (done.length < this.expected(plan.chapter)) return;
      this.write(this.chapterLine(plan, done));
      this.printedChapters++;
    }
  }

  /**
   * The chapter's first failing check in plan order, once every check before it has finished. The
   * step contract's checks are not waited for: they are never the first failure shown while the
   * chapter's own fail (with a silent server, the contract's bad-input checks held chapter 1's
   * first failure back by 30 s).
   */
  private firstSettledFailure(plan: ChapterPlan, done: CheckResult[]): CheckResult | undefined {
    for (const group of plan.groups) {
      if (group.contract) continue;
      for (const { id } of group.checks) {
        const result = done.find((r) => r.id === id);
        if (!result) return undefined;
        if (result.state === 'failed' && !result.contract) return result;
      }
    }
    return undefined;
  }

  private showFirst(result: CheckResult): void {
    this.first = result;
    this.write(this.fullFailure(result));
  }

  private chapterLine(plan: ChapterPlan, checks: CheckResult[]): string {
    const { c } = this;
    const label = `chapter ${plan.chapter}  ${plan.title.padEnd(28)}`;
    const stoppedAt =
      this.options.stopsAtFirstFailingChapter &&
      this.first &&
      !this.first.contract &&
      this.first.chapter;
    if (stoppedAt && plan.chapter > stoppedAt)
      return c.dim(`${label} not run (chapter ${stoppedAt} fails)`);
    const { passed, failed, skipped } = counts(checks);
    if (checks.length > 0 && skipped === checks.length) {
      const why = checks[0]?.message ?? 'not run';
      return c.dim(`${label} not run (${why})`);
    }
    const score = `${passed}/${passed + failed}`.padStart(7);
    const skippedNote = skipped ? c.dim(`  (${skipped} skipped)`) : '';
    return failed
      ? `${c.red(label)}${c.red(score)}${skippedNote}`
      : `${c.green(label)}${c.green(score)}${skippedNote}`;
  }

  private fullFailure(result: CheckResult): string {
    const { c } = this;
    const title = result.startFailed
      ? '✗ Your server could not be started, so no check could run'
      : `✗ chapter ${result.chapter}, ${result.group}: ${result.name}`;
    const lines = [
      '',
      c.red(c.bold(title)),
      ...(result.message ?? '').split('\n').map((line) => `  ${line}`),
    ];
    if (result.details) lines.push(...failureBody(result.details));
    const start = this.options.startCommand;
    lines.push(
      c.cyan(
        result.startFailed && start
          ? `Try it by hand: cd ${start.cwd} && PORT=8080 ${start.command.join(' ')}`
          : `Stuck? ${this.options.hintCommand} ${result.id}`,
      ),
      '',
    );
    return lines.join('\n');
  }

  /** Every check has finished: the other failures, one line each, then the totals. */
  finish(grade: GradeResult): void {
    for (const chapter of grade.chapters)
      for (const r of chapter.checks) if (!this.has(r)) this.add(r);
    this.printSettled();
    const { c } = this;
    const all = grade.chapters.flatMap((chapter) => chapter.checks);
    // Only the step contract failed: its first failure, in full.
    const contractFailure = all.find((r) => r.state === 'failed');
    if (!this.first && contractFailure) this.showFirst(contractFailure);
    const others = all.filter((r) => r.state === 'failed' && r.id !== this.first?.id);
    if (others.length > 0) {
      this.write(`\nOther failures (${others.length}):`);
      const sameStart = others.filter((r) => r.startFailed);
      for (const r of others.filter((o) => !o.startFailed)) {
        const why =
          r.message === this.first?.message ? 'the same as above' : firstLine(r.message ?? '');
        this.write(`  ${c.red('✗')} chapter ${r.chapter}: ${r.name}\n      ${c.dim(why)}`);
      }
      if (sameStart.length > 0)
        this.write(
          `  ${c.red('✗')} ${sameStart.length} more checks: the server could not be started (see above)`,
        );
    }
    const { passed, failed, skipped } = counts(all);
    const tail = skipped ? c.dim(` (${skipped} not run)`) : '';
    this.write(
      `\n${failed ? c.red(`${passed} passed, ${failed} failed`) : c.green(`${passed} passed, 0 failed`)}${tail}`,
    );
  }

  private has(result: CheckResult): boolean {
    return (this.results.get(result.chapter) ?? []).some((r) => r.id === result.id);
  }
}

/** The whole report of a finished grading run, as text. */
export function renderReport(
  grade: GradeResult,
  plans: ChapterPlan[],
  options: ReportOptions,
): string {
  const out: string[] = [];
  const report = new LiveReport(plans, (text) => out.push(text), options);
  for (const chapter of grade.chapters) for (const r of chapter.checks) report.add(r);
  report.finish(grade);
  return out.join('\n');
}
