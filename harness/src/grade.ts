// npm run grade -- --chapter 3 --cwd ../student -- python3 server.py
// Runs every chapter spec up to --chapter against any server, the way the course's own steps are
// checked: a teacher's grader, or a learner's check of their own server in another language.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listSteps } from '@hfs/tools/course.ts';
import { absoluteCommand } from './targets.ts';

const harnessDir = fileURLToPath(new URL('..', import.meta.url));

const usage = `Usage: npm run grade -- --chapter N [--cwd DIR] -- COMMAND [ARGS...]

Checks a server (any language) against the course's chapter specs, up to chapter N.
The server must listen on the port in $PORT (the grader sets PORT=0) and print
"Listening on http://HOST:PORT" (chapter 1: tcp://) once it accepts connections.

  --chapter N   the chapter whose behaviour the server should have (1-${listSteps().at(-1)?.chapter})
  --cwd DIR     the folder to start it in (default: the current folder)

Example:
  npm run grade -- --chapter 3 --cwd ~/my-server -- python3 server.py`;

function main(argv: string[]): number {
  const separator = argv.indexOf('--');
  const options = separator === -1 ? argv : argv.slice(0, separator);
  const command = separator === -1 ? [] : argv.slice(separator + 1);
  if (options.includes('--help') || options.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const value = (name: string) => {
    const index = options.indexOf(`--${name}`);
    return index === -1 ? undefined : options[index + 1];
  };
  const chapter = Number(value('chapter'));
  const chapters = listSteps().map((s) => s.chapter);
  const cwd = resolve(process.env.INIT_CWD ?? process.cwd(), value('cwd') ?? '.');
  const problem = !chapters.includes(chapter)
    ? `--chapter must be one of ${chapters.join(', ')}`
    : command.length === 0
      ? 'give the command that starts the server after --'
      : !existsSync(cwd)
        ? `no folder ${cwd}`
        : undefined;
  if (problem) {
    console.error(`${problem}.\n\n${usage}`);
    return 1;
  }
  // The chapter specs only: the test files that run one (runSpec), not the mutants nor the
  // harness's own tests (grade.test among them, which would grade again), however many there are.
  const specFiles = readdirSync(resolve(harnessDir, 'test'))
    .map((f) => `test/${f}`)
    .filter(
      (f) =>
        f.endsWith('.test.ts') && readFileSync(resolve(harnessDir, f), 'utf8').includes('runSpec('),
    );
  // --passWithNoTests: a spec file with no check for this chapter (01's when grading chapter 3,
  // 02's when grading chapter 1) registers nothing, which vitest would otherwise count as a failure.
  const result = spawnSync('npx', ['vitest', 'run', '--passWithNoTests', ...specFiles], {
    cwd: harnessDir,
    stdio: 'inherit',
    env: {
      ...process.env,
      // Absolute file arguments: one check starts the server from another folder.
      HFS_GRADE_COMMAND: JSON.stringify(absoluteCommand(command, cwd)),
      HFS_GRADE_CWD: cwd,
      HFS_GRADE_CHAPTER: String(chapter),
    },
  });
  return result.status ?? 1;
}

process.exitCode = main(process.argv.slice(2));
