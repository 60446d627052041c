// The learner's report from results as data: chapter lines in order, the first failure (a
// chapter's own before the step contract's) in full once every chapter before it is in, the
// others in one line, the totals last; the same text whatever order the results arrive in.
import { describe, expect, it } from 'vitest';
import type { ChapterPlan } from '../src/grading/plan.ts';
import type { CheckResult, GradeResult } from '../src/grading/run.ts';
import { LiveReport, renderReport } from '../src/grading/text-report.ts';

const check = (
  chapter: number,
  name: string,
  state: CheckResult['state'],
  extra: Partial<CheckResult> = {},
): CheckResult => ({
  id: `spec-${chapter}/${name}`,
  name,
  chapter,
  group: extra.contract ? 'the step contract' : `spec ${chapter}`,
  contract: false,
  state,
  durationMs: 1,
  ...(state === 'failed' && { message: `${name} went wrong` }),
  ...extra,
});

const results = [
  check(1, 'port in use', 'failed', { contract: true }),
  check(1, 'echoes', 'passed'),
  check(2, 'status line', 'failed', { message: 'bare LF' }),
  check(2, 'content length', 'failed', { message: 'bare LF' }),
  check(2, 'date', 'passed'),
  check(3, 'index.html', 'skipped', { message: 'chapter 2 fails' }),
];

const plans: ChapterPlan[] = [1, 2, 3].map((chapter) => ({
  chapter,
  title: `Title ${chapter}`,
  groups: [
    {
      id: `g${chapter}`,
      title: `spec ${chapter}`,
      contract: false,
      checks: results
        .filter((r) => r.chapter === chapter)
        .map((r) => ({ id: r.id, check: { name: r.name, run: async () => {} } })),
    },
  ],
}));

const grade: GradeResult = {
  target: { name: 'your server', cwd: '/x', command: ['x'] },
  upTo: 3,
  chapters: plans.map((p) => ({
    chapter: p.chapter,
    title: p.title,
    checks: results.filter((r) => r.chapter === p.chapter),
  })),
  durationMs: 1,
};

const options = { color: false, hintCommand: 'npm run exercise -- hint' };

describe('the text report', () => {
  const text = renderReport(grade, plans, options);

  it('reads chapter by chapter, the first failure of a chapter itself in full, the totals last', () => {
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^chapter 1 {2}Title 1 +1\/2$/);
    expect(text).toMatch(
      /✗ chapter 2, spec 2: status line\n {2}bare LF\nStuck\? npm run exercise -- hint spec-2\/status line/,
    );
    expect(text.indexOf('✗ chapter 2')).toBeLessThan(text.indexOf('chapter 2  Title 2'));
    expect(text).toMatch(/^chapter 3 {2}Title 3 +not run \(chapter 2 fails\)$/m);
    expect(text).toMatch(
      /Other failures \(2\):\n {2}✗ chapter 1: port in use\n {6}port in use went wrong\n {2}✗ chapter 2: content length\n {6}the same as above/,
    );
    expect(lines.at(-1)).toBe('2 passed, 3 failed (1 not run)');
  });

  it('prints the same text whatever order the checks finish in', () => {
    const out: string[] = [];
    const live = new LiveReport(plans, (line) => out.push(line), options);
    for (const result of [...results].reverse()) live.add(result);
    live.finish(grade);
    expect(out.join('\n')).toBe(text);
  });

  it('waits for earlier chapters before it shows a later chapter’s failure', () => {
    const out: string[] = [];
    const live = new LiveReport(plans, (line) => out.push(line), options);
    live.add(results[2] as CheckResult);
    expect(out.join('\n')).not.toContain('✗');
    live.add(results[0] as CheckResult);
    live.add(results[1] as CheckResult);
    expect(out.join('\n')).toContain('✗ chapter 2, spec 2: status line');
  });

  it('with eagerChapter, shows that chapter’s first failure at once; an earlier one’s after it', () => {
    const out: string[] = [];
    const live = new LiveReport(plans, (line) => out.push(line), {
      ...options,
      stopsAtFirstFailingChapter: true,
      eagerChapter: 2,
    });
    live.add(results[2] as CheckResult); // chapter 2's first check fails; chapter 1 is not in
    expect(out.join('\n')).toContain('✗ chapter 2, spec 2: status line');
    live.add(results[0] as CheckResult);
    live.add(check(1, 'echoes', 'failed', { message: 'no echo' }));
    live.add(results[3] as CheckResult);
    live.add(results[4] as CheckResult);
    const text = out.join('\n');
    expect(text).toMatch(
      /An earlier chapter fails too: fix it first\.\n\n✗ chapter 1, spec 1: echoes\n {2}no echo/,
    );
    expect(text).toMatch(/^chapter 2 {2}Title 2 +not run \(chapter 1 fails\)$/m);
  });

  it('in the workbench, a chapter after the first failing one is not run, whatever it found', () => {
    const found = results.map((r) =>
      r.chapter === 3 ? { ...r, state: 'failed' as const, message: 'x' } : r,
    );
    const out: string[] = [];
    const live = new LiveReport(plans, (line) => out.push(line), {
      ...options,
      stopsAtFirstFailingChapter: true,
    });
    for (const result of found) live.add(result);
    expect(out.join('\n')).toMatch(/^chapter 3 {2}Title 3 +not run \(chapter 2 fails\)$/m);
  });

  it('shows a step-contract failure in full only when no chapter check failed', () => {
    const onlyContract = results.map((r) =>
      r.contract ? r : { ...r, state: 'passed' as const, message: undefined },
    );
    const passingGrade = {
      ...grade,
      chapters: grade.chapters.map((c) => ({
        ...c,
        checks: onlyContract.filter((r) => r.chapter === c.chapter),
      })),
    };
    expect(renderReport(passingGrade, plans, options)).toMatch(
      /✗ chapter 1, the step contract: port in use/,
    );
  });
});
