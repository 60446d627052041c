// The result files of a grading run, for machines: JUnit XML (what GitLab, Jenkins and GitHub's
// JUnit actions display), an Exercism test-runner v3 results.json with our chapter, check id and
// points (schema: harness/schema/results.schema.json), and Markdown for $GITHUB_STEP_SUMMARY. All
// are made from the same GradeResult as the text report.
import junitModule, { type Builder } from 'junit-report-builder';
import { formatFailure } from '../report.ts';
import type { Points } from './points.ts';
import { type CheckResult, counts, type GradeResult } from './run.ts';

// A CommonJS package with `exports.default`: depending on the loader, the default import is the
// builder or the module around it.
const junit = ((junitModule as { default?: Builder }).default ?? junitModule) as Builder;

/** Exercism caps a test's output at 500 characters; we do the same for every output field. */
export const OUTPUT_CAP = 500;
/** A failure's full text in JUnit and JSON: enough for the exchange, never megabytes. */
const DETAIL_CAP = 20_000;

function cap(text: string, most: number): string {
  return text.length <= most
    ? text
    : `${text.slice(0, most - 40)}\n... (${text.length - most + 40} more characters)`;
}

/** What a failure says in full: the expectation, the bytes each way, commands to repeat it. */
export function failureText(check: CheckResult): string {
  const details = check.details && formatFailure({ ...check.details, outputs: [] });
  return cap([check.message ?? '', details].filter(Boolean).join('\n\n'), DETAIL_CAP);
}

/** The server's output during a failing check (the first instance's). */
function serverOutput(check: CheckResult): string {
  return check.details?.outputs[0]?.output ?? '';
}

export function junitXml(grade: GradeResult): string {
  const report = junit.newBuilder();
  for (const chapter of grade.chapters) {
    const suite = report
      .testSuite()
      .name(`chapter ${chapter.chapter}: ${chapter.title}`)
      .property('chapter', String(chapter.chapter));
    for (const check of chapter.checks) {
      const testCase = suite
        .testCase()
        .className(`chapter-${chapter.chapter}.${check.group}`)
        .name(check.name)
        .time(check.durationMs / 1000);
      if (check.state === 'skipped') testCase.skipped();
      if (check.state === 'failed') {
        testCase.failure(firstLine(check.message), 'CheckFailed').stacktrace(failureText(check));
        const output = serverOutput(check);
        if (output) testCase.standardOutput(cap(output, DETAIL_CAP));
      }
    }
  }
  return report.build();
}

function firstLine(text = ''): string {
  return text.split('\n')[0] ?? '';
}

type Status = 'pass' | 'fail' | 'error';

/** Exercism's results.json (test-runner interface v3), plus chapter, id and points. */
export function resultsJson(grade: GradeResult, points: Points, error?: string) {
  const checks = grade.chapters
    .flatMap((chapter) => chapter.checks)
    .filter((c) => c.state !== 'skipped');
  const { failed } = counts(checks);
  const status: Status = error ? 'error' : failed > 0 ? 'fail' : 'pass';
  return {
    version: 3,
    status,
    ...(error !== undefined && { message: error }),
    chapter: grade.exercise ?? grade.upTo,
    points,
    tests: checks.map((check) => ({
      name: `chapter ${check.chapter} · ${check.group} · ${check.name}`,
      id: check.id,
      chapter: check.chapter,
      status: (check.state === 'passed' ? 'pass' : 'fail') as Status,
      ...(check.state === 'failed' && { message: failureText(check) }),
      ...(check.state === 'failed' &&
        serverOutput(check) && { output: cap(serverOutput(check), OUTPUT_CAP) }),
    })),
  };
}

/** Markdown for $GITHUB_STEP_SUMMARY: a row per chapter, then the first failure. */
export function summaryMarkdown(grade: GradeResult, points: Points, who = 'your server'): string {
  const all = grade.chapters.flatMap((chapter) => chapter.checks);
  const total = counts(all);
  const lines = [
    `## HTTP from scratch: ${who}, chapters 1-${grade.upTo}`,
    '',
    `**${total.passed} passed, ${total.failed} failed**${total.skipped ? ` (${total.skipped} not run)` : ''} · ${points.earned} of ${points.possible} points`,
    '',
    '| Chapter | Checks passed | Points |',
    '| --- | --- | --- |',
  ];
  for (const chapter of grade.chapters) {
    const { passed, failed, skipped } = counts(chapter.checks);
    const mark = failed ? '❌' : skipped === chapter.checks.length ? '⏭️' : '✅';
    const chapterPoints = points.chapters.find((p) => p.chapter === chapter.chapter);
    lines.push(
      `| ${mark} ${chapter.chapter}. ${chapter.title} | ${passed}/${passed + failed}${skipped ? ` (${skipped} not run)` : ''} | ${chapterPoints?.earned ?? 0}/${chapterPoints?.possible ?? 0} |`,
    );
  }
  const first = all.find((c) => c.state === 'failed');
  if (first) {
    lines.push(
      '',
      `### First failure: chapter ${first.chapter}, ${first.name}`,
      '',
      '```text',
      failureText(first).replace(/```/g, "'''"),
      '```',
    );
    const output = serverOutput(first);
    if (output)
      lines.push(
        '',
        "<details><summary>Your server's output</summary>",
        '',
        '```text',
        cap(output, 4000).replace(/```/g, "'''"),
        '```',
        '',
        '</details>',
      );
  }
  return `${lines.join('\n')}\n`;
}
