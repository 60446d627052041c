// npm run grade -- --chapter 3 --cwd ../student -- python3 server.py
// Grades any server, in any language, against the chapter specs up to --chapter: the report a
// student reads on the terminal, and result files for machines (JUnit XML, Exercism-style JSON,
// Markdown for a CI summary). With --class, every sub-folder of a folder, a few at a time.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { listSteps } from '@hfs/tools/course.ts';
import { gradeClass } from './grading/class.ts';
import { planChapters } from './grading/plan.ts';
import { pointsOf, readWeights, type Weights } from './grading/points.ts';
import { Grader } from './grading/run.ts';
import { LiveReport, wantsColor } from './grading/text-report.ts';
import { writeErrorResult, writeResults } from './grading/write-results.ts';
import { absoluteCommand, type Target } from './targets.ts';

const lastChapter = () => listSteps().at(-1)?.chapter ?? 1;

const usage = `Usage: npm run grade -- --chapter N [options] -- COMMAND [ARGS...]
       npm run grade -- --class DIR --chapter N [options] -- COMMAND [ARGS...]

Grades a server (any language) against the course's chapter specs, chapters 1 to N.
The server must listen on the port in $PORT (the grader sets PORT=0) and print
"Listening on http://HOST:PORT" (chapter 1: tcp://) once it accepts connections.

  --chapter N       the chapter whose behaviour the server should have (1-${lastChapter()})
  --cwd DIR         the folder to start it in (default: the current folder)
  --junit FILE      also write JUnit XML (one testsuite per chapter, one testcase per check)
  --json FILE       also write results.json (Exercism test-runner v3 shape, plus chapter, id,
                    points; schema: harness/schema/results.schema.json)
  --summary FILE    also write Markdown for a CI summary (e.g. "$GITHUB_STEP_SUMMARY")
  --weights FILE    points per chapter, e.g. {"1": 10, "2": 20} (default: a point a check)
  --class DIR       grade every sub-folder of DIR (a student each), running COMMAND in each;
                    writes report.html and report.csv (into --out, default DIR)
  --out DIR         where --class writes its reports and each student's files
  --jobs K          students graded at once with --class (default 2)
  --time-limit S    seconds a student may take with --class before it is stopped (default 240)

Exit code: 0 every check passed, 1 some failed, 2 the grader could not run (a bad command line).

Examples:
  npm run grade -- --chapter 3 --cwd ~/my-server -- python3 server.py
  npm run grade -- --chapter 5 --junit junit.xml --json results.json -- ./server
  npm run grade -- --class ~/class-2027 --chapter 4 -- python3 server.py`;

class UsageError extends Error {}

interface Options {
  chapter: number;
  cwd: string;
  command: string[];
  junit?: string;
  json?: string;
  summary?: string;
  weights?: Weights;
  classDir?: string;
  out?: string;
  jobs: number;
  timeLimitS: number;
}

function parse(argv: string[]): Options | 'help' {
  const separator = argv.indexOf('--');
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  const { values } = parseArgs({
    args: separator === -1 ? argv : argv.slice(0, separator),
    options: {
      chapter: { type: 'string' },
      cwd: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      summary: { type: 'string' },
      weights: { type: 'string' },
      class: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      'time-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return 'help';
  const here = process.env.INIT_CWD ?? process.cwd();
  const file = (path: string | undefined) => (path === undefined ? undefined : resolve(here, path));
  const chapters = listSteps().map((s) => s.chapter);
  const chapter = Number(values.chapter);
  if (!chapters.includes(chapter))
    throw new UsageError(
      values.chapter === undefined
        ? 'give the chapter to grade: --chapter N'
        : `--chapter must be one of ${chapters.join(', ')}, not ${values.chapter}`,
    );
  if (command.length === 0)
    throw new UsageError('give the command that starts the server after --');
  const cwd = resolve(here, values.cwd ?? '.');
  const classDir = file(values.class);
  for (const dir of [classDir ?? cwd]) {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`no folder ${dir}`);
  }
  const positive = (name: string, text: string | undefined, fallback: number) => {
    if (text === undefined) return fallback;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1)
      throw new UsageError(`--${name} must be a whole number above 0, not ${text}`);
    return n;
  };
  let weights: Weights | undefined;
  try {
    weights =
      values.weights === undefined ? undefined : readWeights(file(values.weights) as string);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return {
    chapter,
    cwd,
    command,
    junit: file(values.junit),
    json: file(values.json),
    summary: file(values.summary),
    weights,
    classDir,
    out: file(values.out),
    jobs: positive('jobs', values.jobs, 2),
    timeLimitS: positive('time-limit', values['time-limit'], 240),
  };
}

/** Grades one server, printing the learner's report as it goes; the exit code. */
async function gradeOne(options: Options): Promise<number> {
  const target: Target = {
    name: 'your server',
    cwd: options.cwd,
    // Absolute file arguments: one check starts the server from another folder.
    command: absoluteCommand(options.command, options.cwd),
    chapter: options.chapter,
  };
  const plans = planChapters(options.chapter);
  const grader = await Grader.create();
  try {
    const report = new LiveReport(plans, (text) => console.log(text), {
      color: wantsColor(process.stdout),
      hintCommand: 'npm run exercise -- hint',
      startCommand: { cwd: options.cwd, command: options.command },
    });
    const grade = await grader.grade(target, { upTo: options.chapter }, (r) => report.add(r));
    report.finish(grade);
    writeResults(options, grade, pointsOf(grade, options.weights));
    return grade.chapters.some((c) => c.checks.some((r) => r.state === 'failed')) ? 1 : 0;
  } finally {
    await grader.close();
  }
}

async function main(argv: string[]): Promise<number> {
  let options: Options | 'help';
  try {
    options = parse(argv);
  } catch (error) {
    // parseArgs' own errors (an unknown option) are usage errors too.
    console.error(
      `npm run grade: ${(error as Error).message}.\nRun npm run grade -- --help for the options.`,
    );
    return 2;
  }
  if (options === 'help') {
    console.log(usage);
    return 0;
  }
  try {
    if (options.classDir) return await gradeClass({ ...options, classDir: options.classDir });
    return await gradeOne(options);
  } catch (error) {
    const message = (error as Error).message;
    console.error(`npm run grade: could not grade: ${message}`);
    if (options.json) writeErrorResult(options.json, message, options.chapter);
    return 2;
  }
}

// A grader stopped by a signal (a CI timeout, a teacher's Ctrl-C) still stops every server it
// started: exiting runs the launcher's exit hooks, and vitest's teardown lists the rest.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

process.exitCode = await main(process.argv.slice(2));
