// The hints `npm run exercise -- hint` shows are true to the course: one for every check of every
// spec and none for a check that is gone; each names a heading its chapter really has and a region
// its step's file really has; level 1 is one sentence, and its RFC reference is well-formed. Pure
// file reads, no servers: it runs in well under a second.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listSteps, repoRoot } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import { type Hint, hintFor, hintTables } from '../hints/index.ts';
import { specs } from '../specs/index.ts';
import { checkId } from '../src/spec.ts';

const steps = listSteps();
const checkIds = specs.flatMap((spec) => spec.checks.map((check) => checkId(spec, check)));
const hints: Array<[id: string, hint: Hint]> = Object.entries(hintTables).flatMap(
  ([specId, table]) =>
    Object.entries(table).map(([slug, hint]): [string, Hint] => [`${specId}/${slug}`, hint]),
);

/** The `##` and `###` headings of a chapter, outside fenced code blocks, as written. */
function headingsOf(markdown: string): string[] {
  const headings: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = /^#{2,3} (.+)$/.exec(line);
    if (!inFence && heading?.[1]) headings.push(heading[1].trim());
  }
  return headings;
}

// The last chapter a spec names: a hint for a chapter after it points at nothing.
const lastChapter = Math.max(...specs.map((spec) => spec.from));

/**
 * Hints of a chapter whose step or text is not written yet (a spec can land before both): their
 * heading or region cannot be checked until it is, and the test says which, rather than failing
 * on a chapter that the docs' and the matrix's own tests are there to demand.
 */
/** Why, and how many hints it holds back. */
const pending = new Map<string, number>();
const hold = (why: string) => pending.set(why, (pending.get(why) ?? 0) + 1);

/** What is wrong with a hint's level 2 and 3, or undefined: the chapter, its heading, the region. */
function whereProblem({ chapter, heading, code }: Hint): string | undefined {
  if (!Number.isInteger(chapter) || chapter < 1 || chapter > lastChapter)
    return `chapter ${chapter}: the specs have chapters 1 to ${lastChapter}`;
  const step = steps.find((s) => s.chapter === chapter);
  if (!step) {
    hold(`chapter ${chapter} has no step under steps/ yet`);
    return undefined;
  }
  const doc = join(repoRoot, step.doc);
  if (!existsSync(doc)) hold(`${step.doc} is not written yet: headings not checked`);
  else if (!headingsOf(readFileSync(doc, 'utf8')).includes(heading))
    return `${step.doc} has no heading "${heading}"`;
  const file = join(step.dir, code.file);
  if (!existsSync(file)) return `steps/${step.name}/${code.file} does not exist`;
  const source = readFileSync(file, 'utf8');
  for (const marker of [`#region ${code.region}`, `#endregion ${code.region}`]) {
    if (!new RegExp(`^\\s*// ${marker}\\s*$`, 'm').test(source))
      return `steps/${step.name}/${code.file} has no "// ${marker}" line`;
  }
  return undefined;
}

/** Lists the ids whose `problem` is not undefined, one per line, with the problem. */
function problems(entries: Array<[string, Hint]>, problem: (hint: Hint) => string | undefined) {
  return entries.flatMap(([id, hint]) => {
    const found = problem(hint);
    return found ? [`${id}: ${found}`] : [];
  });
}

describe('hints', () => {
  it('every check of every spec has a hint', () => {
    const missing = checkIds.filter((id) => !hintFor(id));
    expect(
      missing,
      'checks without a hint (a renamed check renames its key in harness/hints/<spec>.ts)',
    ).toEqual([]);
  });

  it('no hint for a check that no longer exists', () => {
    const known = new Set(checkIds);
    const stale = hints.map(([id]) => id).filter((id) => !known.has(id));
    expect(stale, 'hints whose check no spec has (renamed or removed?)').toEqual([]);
  });

  it("every hint's heading exists in its chapter, and its region in its step's file", () => {
    expect(problems(hints, whereProblem)).toEqual([]);
    if (pending.size > 0)
      for (const [why, count] of pending) console.log(`hints: ${count} not checked yet, ${why}`);
  });

  it('level 1 is one sentence, ending in a full stop', () => {
    const notOneSentence = (hint: Hint) =>
      /^[^\n]+\.$/.test(hint.expects) && !/[.!?] +[A-Z]/.test(hint.expects)
        ? undefined
        : `not one sentence: ${hint.expects}`;
    expect(problems(hints, notOneSentence)).toEqual([]);
  });

  it('an RFC reference reads "RFC N §S"', () => {
    const badRfc = (hint: Hint) =>
      hint.rfc === undefined || /^RFC \d+ §\d+(\.\d+)*$/.test(hint.rfc)
        ? undefined
        : `rfc should read like "RFC 9112 §2.1", not "${hint.rfc}"`;
    expect(problems(hints, badRfc)).toEqual([]);
  });

  it('hintFor finds a hint by check id, and nothing for an id that is no check', () => {
    expect(hintFor('02-hello-http/works-with-curl')).toBe(
      hintTables['02-hello-http']?.['works-with-curl'],
    );
    for (const id of [
      '02-hello-http/no-such-check',
      'no-such-spec/works-with-curl',
      'contract',
      '02-hello-http/constructor',
    ])
      expect(hintFor(id), id).toBeUndefined();
  });
});
