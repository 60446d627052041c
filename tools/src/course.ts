// The one list of the course's steps. Every tool (step runner, diff, harness matrix, docs check)
// reads it from here, and here reads it from the steps themselves: a folder under steps/ whose
// package.json has a "course" field is a step. Adding a chapter is adding a folder.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const stepsRoot = join(repoRoot, 'steps');

export interface Step {
  /** Folder name, e.g. "02-hello-http". */
  name: string;
  /** Chapter number, e.g. 2. */
  chapter: number;
  /** Chapter title, e.g. "Hello, HTTP". */
  title: string;
  /** Absolute path of the step's folder. */
  dir: string;
  /** Path of the chapter, relative to the repo root. */
  doc: string;
}

interface CourseField {
  chapter: number;
  title: string;
}

export function listSteps(): Step[] {
  const steps: Step[] = [];
  for (const name of readdirSync(stepsRoot).sort()) {
    let pkg: { course?: CourseField };
    try {
      pkg = JSON.parse(readFileSync(join(stepsRoot, name, 'package.json'), 'utf8'));
    } catch {
      continue; // not a step folder
    }
    if (!pkg.course) continue;
    const { chapter, title } = pkg.course;
    steps.push({
      name,
      chapter,
      title,
      dir: join(stepsRoot, name),
      doc: `docs/chapters/${name}.md`,
    });
  }
  return steps.sort((a, b) => a.chapter - b.chapter);
}

/** Finds a step by "2", "02", "02-hello-http" or "hello-http"; undefined when none matches. */
export function findStep(query: string, steps = listSteps()): Step | undefined {
  const q = query.trim().toLowerCase();
  if (/^\d+$/.test(q)) return steps.find((s) => s.chapter === Number(q));
  return steps.find((s) => s.name === q || s.name.slice(3) === q);
}

export function newestStep(steps = listSteps()): Step {
  const last = steps.at(-1);
  if (!last) throw new Error(`no steps found under ${stepsRoot}`);
  return last;
}

/** The table of steps, one per line, for help and error messages. */
export function stepTable(steps = listSteps()): string {
  return steps.map((s) => `  ${s.name.padEnd(20)} ${s.title}`).join('\n');
}
