// `npm run exercise -- hint`: three levels, one more per call, for the first failing check (or a
// named one): what it expects (with its RFC section), where the chapter explains it, then the
// reference code, as a diff against the learner's own file when they write TypeScript.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStep, repoRoot } from '@hfs/tools/course.ts';
import { createTwoFilesPatch } from 'diff';
import type { Exercise } from '../../exercises/exercise.ts';
import { findExercise } from '../../exercises/index.ts';
import type { Hint } from '../../hints/hint.ts';
import { hintFor } from '../../hints/index.ts';

/** The text between `// #region NAME` and `// #endregion NAME`, or undefined. */
export function region(source: string, name: string): string | undefined {
  const start = source.match(new RegExp(`^.*#region ${name}\\b.*$`, 'm'));
  const end = source.match(new RegExp(`^.*#endregion ${name}\\b.*$`, 'm'));
  if (start?.index === undefined || end?.index === undefined || end.index < start.index)
    return undefined;
  return source.slice(start.index + start[0].length + 1, end.index);
}

/** The anchor VitePress gives a heading ("## 1. Why this step" -> "_1-why-this-step"). */
export function headingAnchor(heading: string): string {
  const slug = heading
    .normalize('NFKD')
    .replace(/[\u0300-\u036F]/g, '')
    .replace(/[\s~`!@#$%^&*()\-_+=[\]{}|\\;:"'“”‘’<>,.?/]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return /^\d/.test(slug) ? `_${slug}` : slug;
}

/** The hint of a check id or an exercise id ("5.3"). */
export function findHint(id: string): Hint | undefined {
  return findExercise(id)?.hint ?? hintFor(id);
}

function codeLevel(hint: Hint, learnerDir: string | undefined, typescript: boolean): string {
  const step = findStep(String(hint.chapter));
  const file = step && join(step.dir, hint.code.file);
  const reference =
    file && existsSync(file) ? region(readFileSync(file, 'utf8'), hint.code.region) : undefined;
  if (!step || reference === undefined)
    return `(the reference code ${hint.code.file}#${hint.code.region} is missing)`;
  const where = `steps/${step.name}/${hint.code.file}, region "${hint.code.region}"`;
  const mine = learnerDir && typescript ? join(learnerDir, hint.code.file) : undefined;
  const yours =
    mine && existsSync(mine) ? region(readFileSync(mine, 'utf8'), hint.code.region) : undefined;
  if (yours !== undefined) {
    if (yours === reference)
      return `Your ${hint.code.file} region "${hint.code.region}" is the same as ${where}: the difference is elsewhere.`;
    const patch = createTwoFilesPatch(
      `yours: ${hint.code.file}`,
      `reference: ${where}`,
      yours,
      reference,
      '',
      '',
      { context: 3 },
    );
    return `How yours differs from the reference (${where}):\n${patch.split('\n').slice(2).join('\n')}`;
  }
  return `The reference code (${where}):\n\n${reference}`;
}

/** An exercise's reference solution: each change it makes to the chapter's step, as a diff. */
function solutionLevel(exercise: Exercise): string {
  const step = findStep(String(exercise.chapter));
  const changes = exercise.solution.map(({ file = 'src/server.ts', find, replace }) => {
    const patch = createTwoFilesPatch(
      `steps/${step?.name}/${file}`,
      'the solution',
      find,
      replace,
      '',
      '',
      { context: 3 },
    );
    return patch.split('\n').slice(2).join('\n');
  });
  return `The reference solution of exercise ${exercise.id}, as changes to steps/${step?.name}:\n${changes.join('\n')}`;
}

/** The hint's text up to `level` (1-3). */
export function hintText(
  id: string,
  hint: Hint,
  level: number,
  learnerDir?: string,
  typescript = true,
): string {
  const step = findStep(String(hint.chapter));
  const lines = [
    `Hint ${Math.min(level, 3)} of 3 for ${id}`,
    '',
    `1. What it expects: ${hint.expects}${hint.rfc ? ` (${hint.rfc})` : ''}`,
  ];
  if (level >= 2) {
    const doc = step ? join(repoRoot, step.doc) : `chapter ${hint.chapter}`;
    lines.push(
      '',
      `2. Where chapter ${hint.chapter} explains it: "${hint.heading}"`,
      `   ${doc}#${headingAnchor(hint.heading)}`,
    );
  }
  if (level >= 3) {
    const exercise = findExercise(id);
    lines.push(
      '',
      `3. ${exercise ? solutionLevel(exercise) : codeLevel(hint, learnerDir, typescript)}`,
    );
  } else lines.push('', `(Run the same command again for hint ${level + 1} of 3.)`);
  return lines.join('\n');
}
