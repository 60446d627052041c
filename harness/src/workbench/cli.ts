// npm run exercise -- <command>: the learner's workbench. Set up a folder at a chapter's starting
// point, check it against every chapter up to the one it is on (as you save, with --watch), get
// hints, see progress, compare with the reference step, start a chapter again.
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { findStep, listSteps, repoRoot } from '@hfs/tools/course.ts';
import { colour, diffFolders } from '@hfs/tools/diff.ts';
import chokidar from 'chokidar';
import pc from 'picocolors';
import { exercises, findExercise } from '../../exercises/index.ts';
import { findPlannedCheck, planChapters, planExercise } from '../grading/plan.ts';
import { counts, type GradeResult, Grader } from '../grading/run.ts';
import { LiveReport, wantsColor } from '../grading/text-report.ts';
import {
  checkChapter,
  keepDatedCopy,
  learnerTarget,
  readState,
  STATE_FILE,
  setUp,
  splitCommand,
  updatePages,
  WorkbenchError,
  type WorkbenchState,
  writeState,
} from './folder.ts';
import { findHint, hintText } from './hints.ts';

const defaultDir = join(repoRoot, 'my-server');
const lastChapter = () => listSteps().at(-1)?.chapter ?? 1;

const usage = `Usage: npm run exercise -- <command> [options]

Do the course yourself: write the server, and let the workbench check it as you go.

  start N [--cmd "COMMAND"] [--force]
                   set up your folder at chapter N's starting point (the step before it;
                   chapter 1: a server that listens but does not echo yet). With --cmd, for a
                   server in another language: the folder holds only htdocs/ and what you
                   write, and COMMAND starts your server (it must listen on $PORT and print
                   "Listening on http://HOST:PORT").
  check [N | N.K] [--watch]
                   run every chapter's checks up to N (default: the chapter the folder is on),
                   stopping at the first chapter that fails; N.K runs graded exercise N.K.
                   --watch re-runs on every save (press Enter to re-run by hand).
  hint [CHECK]     a hint for the first failing check, or CHECK (an id, or an exercise
                   such as 5.3): one more level each time, three in all
  list             every chapter and graded exercise, with your progress
  diff [N] [--yes] your folder against the reference step N (a spoiler: it asks first)
  reset N          back to chapter N's starting point; the old folder is kept as a dated copy

  --dir DIR        your folder (default: my-server/ in the course, which git ignores)

With no command on a terminal, it checks your folder and watches it.
Chapters: ${listSteps()
  .map((s) => `${s.chapter} ${s.title}`)
  .join(', ')}.`;

interface Args {
  command: string;
  rest: string[];
  dir: string;
  cmd?: string;
  force: boolean;
  watch: boolean;
  yes: boolean;
}

function parse(argv: string[]): Args | 'help' {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      dir: { type: 'string' },
      cmd: { type: 'string' },
      force: { type: 'boolean', default: false },
      watch: { type: 'boolean', short: 'w', default: false },
      yes: { type: 'boolean', short: 'y', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help || positionals[0] === 'help') return 'help';
  const here = process.env.INIT_CWD ?? process.cwd();
  const interactive = Boolean(process.stdout.isTTY && process.stdin.isTTY);
  const [command = interactive ? 'check' : 'help', ...rest] = positionals;
  if (command === 'help') return 'help'; // no command, and no terminal to check on
  return {
    command,
    rest,
    dir: values.dir ? resolve(here, values.dir) : defaultDir,
    ...(values.cmd !== undefined && { cmd: values.cmd }),
    force: values.force,
    // With no command on a terminal: check and watch.
    watch: values.watch || (positionals.length === 0 && interactive),
    yes: values.yes,
  };
}

function chapterArg(text: string | undefined, what: string): number {
  if (text === undefined)
    throw new WorkbenchError(`give the chapter to ${what}, e.g. npm run exercise -- ${what} 2`);
  const chapter = Number(text);
  if (!Number.isInteger(chapter))
    throw new WorkbenchError(`"${text}" is not a chapter number (1-${lastChapter()})`);
  checkChapter(chapter);
  return chapter;
}

const dirOption = (dir: string) => (dir === defaultDir ? '' : ` --dir ${dir}`);

function start(args: Args, chapter: number): number {
  const command = args.cmd === undefined ? undefined : splitCommand(args.cmd);
  if (command && command.length === 0)
    throw new WorkbenchError('--cmd needs the command that starts your server');
  if (args.force && existsSync(args.dir)) rmSync(args.dir, { recursive: true, force: true });
  const copied = setUp(args.dir, chapter, command, false);
  const step = findStep(String(chapter));
  console.log(
    `Set up ${args.dir} for chapter ${chapter}${step ? ` (${step.title})` : ''}${copied.length ? `: ${copied.join(', ')}` : ''}.`,
  );
  if (command) console.log(`Your server starts with: ${command.join(' ')} (in ${args.dir})`);
  else console.log(`Your server is ${join(args.dir, 'src', 'server.ts')}.`);
  console.log(
    `Read ${step?.doc ?? 'the chapter'}, then: npm run exercise -- check${dirOption(args.dir)} --watch`,
  );
  return 0;
}

/** What `check` runs: the chapters 1..N, or one exercise. */
interface CheckWhat {
  chapter: number;
  exercise?: string;
}

function whatToCheck(arg: string | undefined, state: WorkbenchState): CheckWhat {
  if (arg === undefined) return { chapter: state.chapter };
  if (/^\d+\.\d+$/.test(arg)) {
    const exercise = findExercise(arg);
    if (!exercise)
      throw new WorkbenchError(
        `there is no graded exercise ${arg}: the exercises are ${exercises.map((e) => e.id).join(', ')}`,
      );
    return { chapter: exercise.chapter, exercise: arg };
  }
  return { chapter: chapterArg(arg, 'check') };
}

function record(dir: string, state: WorkbenchState, what: CheckWhat, grade: GradeResult): void {
  if (what.exercise) {
    const all = grade.chapters.flatMap((c) => c.checks);
    const { passed, failed } = counts(all);
    state.progress[what.exercise] = { passed, total: passed + failed };
  } else {
    for (const chapter of grade.chapters) {
      const { passed, failed, skipped } = counts(chapter.checks);
      if (skipped === chapter.checks.length) continue; // not run: keep what it had
      state.progress[String(chapter.chapter)] = { passed, total: passed + failed };
    }
  }
  const first = grade.chapters.flatMap((c) => c.checks).find((r) => r.state === 'failed');
  if (first) state.lastFailure = first.id;
  else delete state.lastFailure;
  writeState(dir, state);
}

/** Whether the last check found a chapter before `chapter` failing (never checked: no). */
function earlierFailed(state: WorkbenchState, chapter: number): boolean {
  return Object.entries(state.progress).some(
    ([key, p]) => /^\d+$/.test(key) && Number(key) < chapter && p.passed < p.total,
  );
}

/** One check of the folder: prints the report as it comes; true when everything passed. */
async function checkOnce(
  grader: Grader,
  args: Args,
  what: CheckWhat,
  savedAt?: number,
): Promise<boolean> {
  const state = readState(args.dir);
  if (!what.exercise && what.chapter > state.chapter) {
    // Moving on to a later chapter: the folder is on it now, with the pages that chapter adds.
    state.chapter = what.chapter;
    const { updated, kept } = updatePages(args.dir, what.chapter);
    if (updated.length)
      console.log(`Chapter ${what.chapter}'s pages in your htdocs/: ${updated.join(', ')}.`);
    if (kept.length)
      console.log(
        `Kept ${kept.join(', ')}: you changed it. Chapter ${what.chapter}'s version is in steps/${findStep(String(what.chapter))?.name}/.`,
      );
    writeState(args.dir, state);
  }
  const target = learnerTarget(args.dir, state, what.chapter);
  console.log(
    pc.dim(
      what.exercise
        ? `Checking ${args.dir}: exercise ${what.exercise}...`
        : `Checking ${args.dir}: chapters 1-${what.chapter}...`,
    ),
  );
  const plans = what.exercise
    ? [planExercise(what.exercise)].filter((p) => p !== undefined)
    : planChapters(what.chapter);
  const started = savedAt ?? Date.now();
  let firstShownAt: number | undefined;
  const report = new LiveReport(
    plans,
    (text) => {
      if (firstShownAt === undefined && text.includes('✗ ')) firstShownAt = Date.now();
      console.log(text);
    },
    {
      color: wantsColor(process.stdout),
      hintCommand: `npm run exercise --${dirOption(args.dir)} hint`,
      stopsAtFirstFailingChapter: true,
      ...(!what.exercise && !earlierFailed(state, what.chapter) && { eagerChapter: what.chapter }),
      startCommand: { cwd: target.cwd, command: state.command ?? ['npx', 'tsx', 'src/server.ts'] },
    },
  );
  const grade = await grader.grade(
    target,
    {
      upTo: what.chapter,
      ...(what.exercise && { exercise: what.exercise }),
      stopAtFirstFailingChapter: true,
    },
    (result) => report.add(result),
  );
  report.finish(grade);
  record(args.dir, state, what, grade);
  const all = grade.chapters.flatMap((c) => c.checks);
  const passedAll = all.every((r) => r.state !== 'failed') && all.some((r) => r.state === 'passed');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const timing = [`checked in ${seconds(Date.now() - started)}`];
  if (firstShownAt !== undefined)
    timing.push(`first failure on screen after ${seconds(firstShownAt - started)}`);
  console.log(pc.dim(`(${timing.join(', ')}${savedAt ? ', from the save' : ''})`));
  if (passedAll && !what.exercise) {
    const next = findStep(String(what.chapter + 1));
    const graded = exercises.filter((e) => e.chapter === what.chapter).map((e) => e.id);
    console.log(
      next
        ? `Chapter ${what.chapter} done. ${graded.length ? `Try its exercises (${graded.join(', ')}), or go` : 'Go'} on: read ${next.doc}, then npm run exercise -- check ${next.chapter}${dirOption(args.dir)}`
        : `Every chapter done. ${graded.length ? `Chapter ${what.chapter}'s exercises: ${graded.join(', ')}.` : ''}`,
    );
  }
  return passedAll;
}

async function check(args: Args): Promise<number> {
  const state = readState(args.dir);
  const what = whatToCheck(args.rest[0], state);
  const grader = await Grader.create();
  if (!args.watch) {
    try {
      return (await checkOnce(grader, args, what)) ? 0 : 1;
    } finally {
      await grader.close();
    }
  }
  return watch(grader, args, what);
}

/**
 * Re-checks on every save (debounced: ten saves a second give one run) and when Enter is pressed,
 * which also works where file watching does not (some network drives, WSL on a Windows folder).
 */
async function watch(grader: Grader, args: Args, what: CheckWhat): Promise<number> {
  let running: Promise<unknown> | undefined;
  let again: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = (savedAt?: number) => {
    if (running) {
      // A save during a run: stop it, and check the new code once it has stopped.
      again = savedAt ?? Date.now();
      void grader.cancel();
      return;
    }
    if (process.stdout.isTTY) console.clear();
    running = checkOnce(grader, args, what, savedAt)
      .catch((error: Error) => console.error(oneLine(error)))
      .finally(() => {
        running = undefined;
        // vitest marks the process failed (exit code 1) after a failing run; in watch mode a run's
        // result is on screen, and Ctrl-C exits 130, as on any command.
        process.exitCode = undefined;
        console.log(
          pc.dim(`\nWatching ${args.dir} for changes. Press Enter to re-check, Ctrl-C to stop.`),
        );
        if (again !== undefined) {
          const savedAgain = again;
          again = undefined;
          run(savedAgain);
        }
      });
  };
  const watcher = chokidar.watch(args.dir, {
    ignoreInitial: true,
    ignored: (path) =>
      /(^|\/)(node_modules|\.git|\.turbo)(\/|$)/.test(path) || path.endsWith(STATE_FILE),
  });
  watcher.on('all', () => {
    const savedAt = Date.now();
    clearTimeout(timer);
    timer = setTimeout(() => run(savedAt), 150);
  });
  watcher.on('error', (error) =>
    console.error(
      `Cannot watch ${args.dir} (${(error as Error).message}): press Enter after each save to re-check.`,
    ),
  );
  const input = createInterface({ input: process.stdin });
  input.on('line', () => run());
  await new Promise<void>((resolveReady) => watcher.once('ready', () => resolveReady()));
  run();
  await new Promise<void>((stop) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => stop());
  });
  input.close();
  await watcher.close();
  await running;
  await grader.close();
  return 130; // stopped by a signal, as a shell reports Ctrl-C
}

function hint(args: Args): number {
  const state = existsSync(join(args.dir, STATE_FILE)) ? readState(args.dir) : undefined;
  const asked = args.rest[0];
  const id = asked
    ? (findExercise(asked)?.id ?? findPlannedCheck(asked, lastChapter())?.id ?? asked)
    : state?.lastFailure;
  if (!id)
    throw new WorkbenchError(
      state
        ? 'no check has failed yet: run npm run exercise -- check first, or name a check: hint CHECK'
        : 'name the check: npm run exercise -- hint CHECK (the id a report prints after "Stuck?")',
    );
  const found = findHint(id);
  if (!found)
    throw new WorkbenchError(
      `there is no check or exercise "${id}" (ids look like 02-hello-http/works-with-curl, or 5.3)`,
    );
  const level = Math.min(3, (state?.hints[id] ?? 0) + 1);
  console.log(hintText(id, found, level, args.dir, !state?.command));
  if (state) {
    state.hints[id] = level;
    writeState(args.dir, state);
  }
  return 0;
}

function bar(done: number, total: number, width = 24): string {
  const filled = Math.round((done / Math.max(total, 1)) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

function list(args: Args): number {
  const state = readState(args.dir);
  const c = pc.createColors(wantsColor(process.stdout));
  const steps = listSteps();
  const isDone = (p: { passed: number; total: number } | undefined) =>
    Boolean(p && p.total > 0 && p.passed === p.total);
  const done = steps.filter((s) => isDone(state.progress[String(s.chapter)])).length;
  console.log(
    `${args.dir} (${state.command ? state.command.join(' ') : 'TypeScript'}), on chapter ${state.chapter}`,
  );
  console.log(`${bar(done, steps.length)} ${done} of ${steps.length} chapters done\n`);
  const describe = (p: { passed: number; total: number } | undefined) =>
    !p
      ? c.dim('not started')
      : isDone(p)
        ? c.green(`done (${p.passed}/${p.total})`)
        : c.yellow(`${p.passed} of ${p.total} checks`);
  for (const step of steps) {
    const p = state.progress[String(step.chapter)];
    const mark = isDone(p) ? c.green('✓') : p ? c.yellow('…') : c.dim('·');
    const here = step.chapter === state.chapter ? c.cyan('  <- you are here') : '';
    console.log(
      `${mark} ${String(step.chapter).padStart(2)}  ${step.title.padEnd(30)} ${describe(p)}${here}`,
    );
    for (const exercise of exercises.filter((e) => e.chapter === step.chapter)) {
      const ep = state.progress[exercise.id];
      console.log(
        `      ${isDone(ep) ? c.green('✓') : c.dim('·')} exercise ${exercise.id.padEnd(5)} ${exercise.title.padEnd(26)} ${describe(ep)}`,
      );
    }
  }
  return 0;
}

async function askYesNo(question: string): Promise<boolean> {
  const input = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((answered) => input.question(question, answered));
  input.close();
  return /^y(es)?$/i.test(answer.trim());
}

async function diff(args: Args): Promise<number> {
  const state = readState(args.dir);
  const chapter = args.rest[0] === undefined ? state.chapter : chapterArg(args.rest[0], 'diff');
  const step = findStep(String(chapter));
  if (!step) throw new WorkbenchError(`no step for chapter ${chapter}`);
  if (process.stdin.isTTY && process.stdout.isTTY && !args.yes) {
    const yes = await askYesNo(
      `This shows the course's own solution of chapter ${chapter}: a spoiler. Show it? [y/N] `,
    );
    if (!yes) return 0;
  }
  // The learner's server code against the step's (htdocs and tests are not the lesson here).
  const ignore = (path: string) =>
    path === STATE_FILE || path === 'package.json' || path.startsWith('test/');
  const patch = diffFolders(
    { dir: args.dir, label: 'yours' },
    { dir: step.dir, label: `steps/${step.name}` },
    ignore,
  );
  process.stdout.write(
    patch
      ? wantsColor(process.stdout)
        ? colour(patch)
        : patch
      : 'Your folder is the same as the reference step.\n',
  );
  return 0;
}

function reset(args: Args): number {
  const chapter = chapterArg(args.rest[0], 'reset');
  const state = existsSync(join(args.dir, STATE_FILE)) ? readState(args.dir) : undefined;
  if (!existsSync(args.dir))
    throw new WorkbenchError(`there is no folder ${args.dir} to reset: use start ${chapter}`);
  const copy = keepDatedCopy(args.dir);
  console.log(`Kept your old folder as ${copy}.`);
  return start(
    {
      ...args,
      ...(state?.command && args.cmd === undefined && { cmd: state.command.join(' ') }),
      force: false,
    },
    chapter,
  );
}

function oneLine(error: Error): string {
  return `npm run exercise: ${error.message}`;
}

async function main(argv: string[]): Promise<number> {
  let args: Args | 'help';
  try {
    args = parse(argv);
  } catch (error) {
    console.error(`${oneLine(error as Error)}\nRun npm run exercise -- --help for the commands.`);
    return 2;
  }
  if (args === 'help') {
    console.log(usage);
    return 0;
  }
  try {
    switch (args.command) {
      case 'start':
        return start(args, chapterArg(args.rest[0], 'start'));
      case 'check':
        return await check(args);
      case 'hint':
        return hint(args);
      case 'list':
        return list(args);
      case 'diff':
        return await diff(args);
      case 'reset':
        return reset(args);
      default:
        console.error(`npm run exercise: no command "${args.command}".\n\n${usage}`);
        return 2;
    }
  } catch (error) {
    if (error instanceof WorkbenchError) {
      console.error(oneLine(error));
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv.slice(2));
