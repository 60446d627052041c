// npm run grade -- --class DIR --chapter N -- COMMAND: every sub-folder of DIR is a student's
// server, graded with the same command. Each student is graded by a grader process of its own (so
// that one student's server, however broken, cannot change another's result), a few at a time,
// each within a time limit; afterwards every process a student's server started is stopped. Writes
// report.html (students by chapters, each cell linking to the student's first failure there) and
// report.csv, plus each student's report.txt, results.json and junit.xml.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { reapAbandonedRuns, signalGroup } from '../leftovers.ts';
import { tsCommand } from '../targets.ts';
import { classCsv, classHtml, type StudentResult } from './class-report.ts';
import { chapterTitle } from './plan.ts';
import type { Weights } from './points.ts';

const gradeScript = fileURLToPath(new URL('../grade.ts', import.meta.url));
/** What a student's grader may print before the rest is dropped (its report.txt). */
const REPORT_CAP = 256 * 1024;

export interface ClassOptions {
  classDir: string;
  chapter: number;
  command: string[];
  weights?: Weights;
  out?: string;
  jobs: number;
  timeLimitS: number;
}

/** Every sub-folder of the class is a student, but the one the grader writes its files into. */
export function listStudents(classDir: string, studentsOut: string): string[] {
  return readdirSync(classDir, { withFileTypes: true })
    .filter(
      (entry) =>
        entry.isDirectory() &&
        !entry.name.startsWith('.') &&
        entry.name !== 'node_modules' &&
        join(classDir, entry.name) !== studentsOut,
    )
    .map((entry) => entry.name)
    .sort();
}

interface Finished {
  exitCode: number | null;
  timedOut: boolean;
  report: string;
  seconds: number;
}

/** Runs one student's grader; stops it (its whole group) when the time limit is up. */
function runGrader(args: string[], timeLimitS: number, weightsFile?: string): Promise<Finished> {
  const started = Date.now();
  const [node, ...grade] = tsCommand(gradeScript) as [string, ...string[]];
  const child: ChildProcess = spawn(
    node,
    [...grade, ...(weightsFile ? ['--weights', weightsFile] : []), ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
      env: { ...process.env, NO_COLOR: '1', INIT_CWD: process.cwd() },
    },
  );
  let report = '';
  const keep = (chunk: Buffer) => {
    if (report.length < REPORT_CAP)
      report += chunk.toString('utf8').slice(0, REPORT_CAP - report.length);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let timedOut = false;
  const stop = setTimeout(() => {
    timedOut = true;
    if (child.pid) signalGroup(child.pid, 'SIGTERM');
    setTimeout(() => child.pid && signalGroup(child.pid, 'SIGKILL'), 5000).unref();
  }, timeLimitS * 1000);
  return new Promise((resolve) => {
    child.on('close', (code) => {
      clearTimeout(stop);
      resolve({ exitCode: code, timedOut, report, seconds: (Date.now() - started) / 1000 });
    });
  });
}

async function gradeStudent(
  name: string,
  options: ClassOptions,
  studentsOut: string,
): Promise<StudentResult> {
  const dir = join(studentsOut, name);
  mkdirSync(dir, { recursive: true });
  const files = {
    json: join(dir, 'results.json'),
    junit: join(dir, 'junit.xml'),
    report: join(dir, 'report.txt'),
  };
  const weightsFile = options.weights && join(dir, 'weights.json');
  if (weightsFile) writeFileSync(weightsFile, JSON.stringify(options.weights));
  const finished = await runGrader(
    [
      '--chapter',
      String(options.chapter),
      '--cwd',
      join(options.classDir, name),
      '--json',
      files.json,
      '--junit',
      files.junit,
      '--',
      ...options.command,
    ],
    options.timeLimitS,
    weightsFile,
  );
  // The student's grader is gone: stop whatever its servers left behind (a forked child, a
  // server that ignored SIGTERM), so nothing of this student's outlives its grading.
  reapAbandonedRuns();
  writeFileSync(files.report, finished.report);
  let results: StudentResult['results'];
  try {
    results = existsSync(files.json) ? JSON.parse(readFileSync(files.json, 'utf8')) : undefined;
  } catch {
    results = undefined;
  }
  const error = finished.timedOut
    ? `stopped after the time limit (${options.timeLimitS} s)`
    : !results
      ? `the grader wrote no results (exit code ${finished.exitCode})`
      : results.status === 'error'
        ? results.message
        : undefined;
  return { name, results: error ? undefined : results, error, seconds: finished.seconds };
}

/** Grades every student, `jobs` at a time; a line per finished student. Returns the exit code. */
export async function gradeClass(options: ClassOptions): Promise<number> {
  const out = options.out ?? options.classDir;
  const studentsOut = join(out, 'grading');
  const students = listStudents(options.classDir, studentsOut);
  if (students.length === 0)
    throw new Error(`${options.classDir} has no sub-folders: one folder per student`);
  const started = Date.now();
  console.log(
    `Grading ${students.length} students, chapters 1-${options.chapter}, ${options.jobs} at a time...`,
  );
  const results: StudentResult[] = [];
  let next = 0;
  const worker = async () => {
    while (next < students.length) {
      const name = students[next++] as string;
      const result = await gradeStudent(name, options, studentsOut);
      results.push(result);
      console.log(`[${results.length}/${students.length}] ${progressLine(result)}`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.jobs, students.length) }, worker));
  results.sort((a, b) => a.name.localeCompare(b.name));
  const chapters = Array.from({ length: options.chapter }, (_, i) => ({
    chapter: i + 1,
    title: chapterTitle(i + 1),
  }));
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'report.html'), classHtml(results, chapters));
  writeFileSync(join(out, 'report.csv'), classCsv(results, chapters));
  const seconds = Math.round((Date.now() - started) / 1000);
  console.log(
    `\nWrote ${join(out, 'report.html')} and report.csv (${students.length} student${students.length === 1 ? '' : 's'} in ${seconds} s).`,
  );
  return results.every((r) => r.results?.status === 'pass') ? 0 : 1;
}

function progressLine(result: StudentResult): string {
  const time = `(${Math.round(result.seconds)} s)`;
  if (!result.results) return `${result.name}: could not be graded: ${result.error} ${time}`;
  const tests = result.results.tests;
  const passed = tests.filter((t) => t.status === 'pass').length;
  const [first] = tests;
  // Every check failed the same way: the server never started. Say why, not 0/24.
  if (first && passed === 0 && tests.every((t) => t.message === first.message))
    return `${result.name}: every check failed the same way: ${(first.message ?? '').split('\n')[0]} ${time}`;
  return `${result.name}: ${passed}/${tests.length} checks, ${result.results.points.earned}/${result.results.points.possible} points ${time}`;
}
