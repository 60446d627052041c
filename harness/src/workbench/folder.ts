// The learner's folder: where their server lives, and a small state file (.workbench.json) that
// remembers which chapter it is on, the command that starts it (for a server in another language),
// each chapter's last result, and how far each hint has gone, so that the workbench resumes.
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findStep, listSteps, repoRoot } from '@hfs/tools/course.ts';
import { absoluteCommand, type Target, tsCommand } from '../targets.ts';

export const STATE_FILE = '.workbench.json';
const starterDir = fileURLToPath(new URL('../../starters/01-echo-tcp/', import.meta.url));

export interface Progress {
  passed: number;
  total: number;
}

export interface WorkbenchState {
  /** The chapter the folder is on: `check` with no chapter checks 1..this. */
  chapter: number;
  /** The command that starts a server written in another language; absent for TypeScript. */
  command?: string[];
  /** Each chapter's and exercise's last result, by "3" or "5.3". */
  progress: Record<string, Progress>;
  /** The check that failed first in the last check, for `hint` with no argument. */
  lastFailure?: string;
  /** How many hint levels each check has shown. */
  hints: Record<string, number>;
}

/** A problem the learner can fix, said in one line (no stack trace). */
export class WorkbenchError extends Error {}

export function readState(dir: string): WorkbenchState {
  const file = join(dir, STATE_FILE);
  if (!existsSync(file)) {
    throw new WorkbenchError(
      existsSync(dir)
        ? `${dir} is not a workbench folder (it has no ${STATE_FILE}). Set one up with: npm run exercise -- start N --dir ${dir}`
        : `there is no folder ${dir}. Set it up with: npm run exercise -- start 1${dir.endsWith('my-server') ? '' : ` --dir ${dir}`}`,
    );
  }
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as WorkbenchState;
    return { ...state, progress: state.progress ?? {}, hints: state.hints ?? {} };
  } catch (error) {
    throw new WorkbenchError(
      `${file} is not valid JSON (${(error as Error).message}); fix it or run reset`,
    );
  }
}

export function writeState(dir: string, state: WorkbenchState): void {
  writeFileSync(join(dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
}

/** The learner's server, as the grader starts it: their TypeScript with the course's tsx, or their command. */
export function learnerTarget(dir: string, state: WorkbenchState, chapter: number): Target {
  if (state.command) {
    return { name: 'your server', cwd: dir, command: absoluteCommand(state.command, dir), chapter };
  }
  const entry = join(dir, 'src', 'server.ts');
  if (!existsSync(entry))
    throw new WorkbenchError(
      `${entry} is missing: the workbench starts your server from src/server.ts`,
    );
  // The course's own tsx, by absolute path: the folder works anywhere on disk, from any cwd. What
  // the code itself requires from the course (chapter 6's worker threads load tsx's require hook)
  // is found through NODE_PATH, as it is found from the course's own steps/.
  return {
    name: 'your server',
    cwd: dir,
    command: tsCommand(entry),
    env: { NODE_PATH: join(repoRoot, 'node_modules') },
    chapter,
  };
}

/** The folder chapter N starts from: the step before it, or chapter 1's starter. */
function startingPoint(chapter: number): string {
  if (chapter === 1) return starterDir;
  const before = findStep(String(chapter - 1));
  if (!before) throw new WorkbenchError(`no step for chapter ${chapter - 1}`);
  return before.dir;
}

export function checkChapter(chapter: number): void {
  const chapters = listSteps().map((s) => s.chapter);
  if (!chapters.includes(chapter))
    throw new WorkbenchError(
      `there is no chapter ${chapter}: the chapters are ${chapters.join(', ')}`,
    );
}

/**
 * Sets `dir` up at chapter N's starting point. TypeScript: the step before's src/, and chapter N's
 * pages in htdocs/.
 * Another language (`command`): only the htdocs/ its checks read; the learner writes the rest.
 */
export function setUp(
  dir: string,
  chapter: number,
  command: string[] | undefined,
  force: boolean,
): string[] {
  checkChapter(chapter);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force)
    throw new WorkbenchError(
      `${dir} already exists and is not empty: nothing was changed. Use --force to replace it, or reset ${chapter} to keep it as a dated copy`,
    );
  mkdirSync(dir, { recursive: true });
  const from = startingPoint(chapter);
  const copied: string[] = [];
  for (const part of command ? ['htdocs'] : ['src', 'htdocs']) {
    if (!existsSync(join(from, part))) continue;
    cpSync(join(from, part), join(dir, part), { recursive: true, force: true });
    copied.push(`${part}/`);
  }
  // The pages are chapter N's, as when `check N` moves a folder on.
  const { updated } = updatePages(dir, chapter);
  if (updated.length > 0 && !copied.includes('htdocs/')) copied.push('htdocs/');
  if (!command) {
    const pkg = {
      name: 'my-server',
      private: true,
      type: 'module',
      scripts: { start: 'tsx src/server.ts' },
    };
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
    copied.push('package.json');
  }
  writeState(dir, { chapter, ...(command && { command }), progress: {}, hints: {} });
  return copied;
}

export interface PageChanges {
  /** Pages chapter N adds, or changes where the folder still has the course's earlier version. */
  updated: string[];
  /** Pages the learner changed, kept as they are though chapter N's differ. */
  kept: string[];
}

/**
 * Brings the folder's htdocs/ to chapter N's pages (the course's, not the exercise: chapter 4's
 * checks read ipsum.html and look for index.html's stylesheet). A page is added when missing and
 * replaced when it is still an earlier step's version; one the learner changed is never replaced.
 */
export function updatePages(dir: string, chapter: number): PageChanges {
  const step = findStep(String(chapter));
  const earlierSteps = listSteps().filter((s) => s.chapter < chapter);
  /** The page as some earlier step had it: the course's, which the learner did not change. */
  const isEarlierVersion = (file: string, bytes: Buffer) =>
    earlierSteps.some((s) => {
      const earlier = join(s.dir, 'htdocs', file);
      return existsSync(earlier) && bytes.equals(readFileSync(earlier));
    });
  const changes: PageChanges = { updated: [], kept: [] };
  const walk = (relative: string) => {
    const from = join(step?.dir ?? '', 'htdocs', relative);
    if (!step || !existsSync(from)) return;
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const file = join(relative, entry.name);
      if (entry.isDirectory()) {
        walk(file);
        continue;
      }
      const page = join(dir, 'htdocs', file);
      const wanted = readFileSync(join(from, entry.name));
      if (existsSync(page)) {
        const mine = readFileSync(page);
        if (mine.equals(wanted)) continue;
        if (!isEarlierVersion(file, mine)) {
          changes.kept.push(`htdocs/${file}`);
          continue;
        }
      }
      mkdirSync(join(dir, 'htdocs', relative), { recursive: true });
      writeFileSync(page, wanted);
      changes.updated.push(`htdocs/${file}`);
    }
  };
  walk('');
  return changes;
}

/** Moves the folder aside as a dated copy (dir.2026-12-03-1412); returns its new name. */
export function keepDatedCopy(dir: string): string {
  const stamp = new Date().toISOString().slice(0, 16).replace('T', '-').replace(':', '');
  let copy = `${dir}.${stamp}`;
  for (let n = 2; existsSync(copy); n++) copy = `${dir}.${stamp}-${n}`;
  renameSync(dir, copy);
  return copy;
}

/** Splits a --cmd string as a shell would for plain words and quotes ("python3 'my server.py'"). */
export function splitCommand(text: string): string[] {
  const words: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3] ?? '');
  return words;
}
