// npm run grade: its arguments, whole grading runs started the way a teacher or a student's CI
// would start them, the result files they write (validated against the schema in the repo), and
// the CI templates of the teachers' page, run for real against a sample student.
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@hfs/tools/course.ts';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { absoluteCommand, tsCommand } from '../src/targets.ts';

// As `npm run grade` typed at the repo's root: INIT_CWD is the folder --cwd is relative to.
const grade = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'harness/src/grade.ts', ...args], repoRoot, {
    INIT_CWD: repoRoot,
  });

/** Runs a command to its end (without blocking: the runs of this file go side by side). */
function run(program: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  return new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      program,
      args,
      {
        cwd,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1', ...env },
        maxBuffer: 64 << 20,
      },
      (error, stdout, stderr) =>
        resolve({
          status: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          stdout,
          stderr,
        }),
    );
  });
}

const tempDir = (label: string) =>
  mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), `hfs-${label}-`));

const schema = JSON.parse(
  readFileSync(join(repoRoot, 'harness/schema/results.schema.json'), 'utf8'),
);
const validate = new Ajv({ allErrors: true }).compile(schema);

/** Parses results.json and fails with the schema's complaints when it does not fit. */
function validResults(file: string) {
  const results = JSON.parse(readFileSync(file, 'utf8'));
  expect(validate(results) ? [] : validate.errors, `${file} against results.schema.json`).toEqual(
    [],
  );
  return results as {
    status: string;
    tests: Array<{ status: string; id: string; chapter: number }>;
  };
}

describe.concurrent('npm run grade', () => {
  it('--help explains the contract a graded server must keep, and every option', async () => {
    const result = await grade('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Listening on http://HOST:PORT');
    for (const option of [
      '--junit',
      '--json',
      '--summary',
      '--weights',
      '--class',
      '--jobs',
      '--time-limit',
    ])
      expect(result.stdout).toContain(option);
  });

  it('a bad command line: one clear line, exit code 2', async () => {
    const cases = [
      [
        ['--chapter', '99', '--', 'python3', 'server.py'],
        /^npm run grade: --chapter must be one of 1, 2, 3/,
      ],
      [['--chapter', '2'], /^npm run grade: give the command that starts the server after --/],
      [
        ['--chapter', '2', '--cwd', '/no/such/folder', '--', 'x'],
        /^npm run grade: no folder \/no\/such\/folder/,
      ],
      [
        ['--chapter', '2', '--weights', '/no/such.json', '--', 'x'],
        /^npm run grade: cannot read the weights file/,
      ],
      [['--chapter', '2', '--frob', '--', 'x'], /^npm run grade: Unknown option '--frob'/],
    ] as const;
    const results = await Promise.all(cases.map(([args]) => grade(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const result = results[i] as Awaited<ReturnType<typeof grade>>;
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
  });
});

describe.concurrent('a server that cannot start', () => {
  it('is graded as failing every check, whatever its crash prints (never as "0 failed")', {
    timeout: 300_000,
  }, async () => {
    // Its stack trace names a file with a source map comment that is not JSON, as a crash inside
    // tsx does: vitest, mapping the stack of the check's error, once failed the whole run, and
    // the grade read "0 passed, 0 failed", exit 0.
    const dir = tempDir('grade-crash');
    const result = await grade(
      '--chapter',
      '1',
      '--cwd',
      'harness/hostile',
      '--json',
      join(dir, 'results.json'),
      '--',
      'node',
      'crashes-with-source-map.mjs',
    );
    expect(result.status, result.stdout + result.stderr).toBe(1);
    expect(result.stdout).toContain('Your server could not be started, so no check could run');
    expect(result.stdout).toContain('cannot start: config.json is missing');
    expect(result.stdout).toMatch(/\n0 passed, [1-9]\d* failed\n/);
    const results = validResults(join(dir, 'results.json'));
    expect(results.status).toBe('fail');
    expect(results.tests.every((test) => test.status === 'fail')).toBe(true);
  });
});

describe('the graded command', () => {
  it('names its files by absolute path, so that it starts the same server from any folder', () => {
    const dir = tempDir('grade');
    writeFileSync(join(dir, 'server.py'), '');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'server'), '');
    expect(absoluteCommand(['python3', 'server.py'], dir)).toEqual([
      'python3',
      join(dir, 'server.py'),
    ]);
    expect(absoluteCommand(['./bin/server', '--port-from-env'], dir)).toEqual([
      join(dir, 'bin', 'server'),
      '--port-from-env',
    ]);
    // Flags, folders, words that name no file, and a program looked up in PATH stay as they are.
    expect(absoluteCommand(['npm', 'start'], dir)).toEqual(['npm', 'start']);
    expect(absoluteCommand(['python3', '-u', 'bin', 'missing.py', '/abs.py'], dir)).toEqual([
      'python3',
      '-u',
      'bin',
      'missing.py',
      '/abs.py',
    ]);
    // `node --import tsx src/server.ts` in a step's folder: tsx would be looked up from the folder
    // the htdocs check starts it in, and not be found.
    const [node, , tsx] = tsCommand('');
    expect(
      absoluteCommand(
        ['node', '--import', 'tsx', 'src/server.ts'],
        join(repoRoot, 'steps/03-index-html'),
      ),
    ).toEqual(['node', '--import', tsx, join(repoRoot, 'steps/03-index-html/src/server.ts')]);
    expect(absoluteCommand([node as string, '--import=tsx'], dir)[1]).toBe(`--import=${tsx}`);
    writeFileSync(join(dir, 'python3'), '');
    expect(absoluteCommand(['python3', 'server.py'], dir)[0]).toBe('python3');
  });
});

describe.concurrent('grading a known-good step', () => {
  // Started as a learner would start it, in its folder with a relative path: node, tsx's loader,
  // src/server.ts. Chapter 3's "finds htdocs/ whatever the current directory is" starts it from
  // another folder, where the relative src/server.ts would name nothing.
  it('exits 0 for chapter 3 and writes the three result files', { timeout: 300_000 }, async () => {
    const out = tempDir('grade-pass');
    const files = {
      junit: join(out, 'junit.xml'),
      json: join(out, 'r.json'),
      summary: join(out, 's.md'),
    };
    const result = await grade(
      '--chapter',
      '3',
      '--cwd',
      'steps/03-index-html',
      '--junit',
      files.junit,
      '--json',
      files.json,
      '--summary',
      files.summary,
      '--',
      ...tsCommand('src/server.ts'),
    );
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/^chapter 3 {2}Serving index\.html +(\d+)\/\1$/m);
    expect(result.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    const results = validResults(files.json);
    expect(results.status).toBe('pass');
    expect(new Set(results.tests.map((t) => t.chapter))).toEqual(new Set([1, 2, 3]));
    const junit = readFileSync(files.junit, 'utf8');
    expect(junit.match(/<testsuite /g)?.length, 'a testsuite per chapter').toBe(3);
    expect(junit.match(/<testcase /g)?.length, 'a testcase per check').toBe(results.tests.length);
    expect(junit).not.toContain('<failure');
    expect(readFileSync(files.summary, 'utf8')).toMatch(
      /^\| ✅ 3\. Serving index\.html \| (\d+)\/\1 \|/m,
    );
  });
});

describe.concurrent("grading the tutorial's first server (HTTP/1.0 200 OK, bare \\n, no Content-Length)", () => {
  it('opens on the first failure in full, under 40 lines, with no stack frame', {
    timeout: 300_000,
  }, async ({ expect }) => {
    const result = await grade(
      '--chapter',
      '2',
      '--cwd',
      'harness/tutorials/02-hello-http',
      '--',
      'python3',
      'server.py',
    );
    expect(result.status).toBe(1);
    const report = result.stdout.slice(result.stdout.indexOf('\nchapter 1') + 1);
    const beforeOthers = report.slice(0, report.indexOf('Other failures')).trimEnd().split('\n');
    expect(beforeOthers.length, report).toBeLessThanOrEqual(40);
    expect(report).toMatch(
      /^✗ chapter 2, HTTP basics: .*\n {2}the response's status line uses bare \\n line ends/m,
    );
    expect(report).toMatch(/^ +\^ the first wrong byte$/m);
    expect(report).toMatch(/^\[your server\] GET \/ HTTP\/1\.1$/m);
    expect(report, 'no harness stack frame').not.toMatch(/^\s+at |\.ts:\d+:\d+|node_modules/m);
    expect(report.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, \d+ failed$/);
    // The docs (How to do the course) show this first failure, as this run printed it.
    const firstFailure = report.slice(report.indexOf('✗ '), report.indexOf('\nOther failures'));
    await expect(
      firstFailure
        .replace(/127\.0\.0\.1 \d+/g, '127.0.0.1 PORT')
        .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT'),
    ).toMatchFileSnapshot('fixtures/tutorial-02-report.txt');
  });
});

/** The commands a CI template runs: GitHub's `- run:` lines, GitLab's `script:` items. */
function templateCommands(
  page: string,
  language: 'github' | 'gitlab',
): { setup: string[]; grade: string[] } {
  const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  const block =
    blocks.find((b) => (language === 'github' ? b.includes('runs-on:') : b.includes('script:'))) ??
    '';
  const items = (key: string) => {
    const start = block.indexOf(`  ${key}:\n`);
    if (start === -1) return [];
    const lines = block.slice(start).split('\n').slice(1);
    const end = lines.findIndex((line) => !/^ {4}- /.test(line));
    return lines.slice(0, end).map((line) => line.replace(/^ {4}- /, ''));
  };
  const runs = [...block.matchAll(/^\s*- run: (.*)$/gm)].map((m) => m[1] ?? '');
  const commands = language === 'github' ? runs : [...items('before_script'), ...items('script')];
  const isGrade = (c: string) => c.includes(' grade -- ');
  return { setup: commands.filter((c) => !isGrade(c)), grade: commands.filter(isGrade) };
}

describe("the teachers' page CI templates", () => {
  const page = readFileSync(join(repoRoot, 'docs', 'teach.md'), 'utf8');
  const github = templateCommands(page, 'github');
  const gitlab = templateCommands(page, 'gitlab');

  it('install the course, then grade with one command; GitLab runs the same one, without the job summary', () => {
    for (const { setup, grade: gradeCommands } of [github, gitlab]) {
      expect(
        setup.some((c) => c.includes('npm install --prefix course')),
        'it installs the course',
      ).toBe(true);
      expect(gradeCommands.length).toBe(1);
    }
    // What GitLab has no place for (a job summary) aside, the two grade commands are one: the
    // GitHub one is run below, once, for both.
    expect(gitlab.grade[0]).toBe(
      github.grade[0]
        ?.replace(' --summary "$GITHUB_STEP_SUMMARY"', '')
        .replace('$GITHUB_WORKSPACE', '$CI_PROJECT_DIR'),
    );
  });

  it('GitHub: its command grades a student folder and writes the results', {
    timeout: 300_000,
  }, async () => {
    // The student's checkout, with the course beside their files as the template puts it (here a
    // link to this repo, already installed: the install step is not run again).
    const workspace = tempDir('ci-github');
    cpSync(join(repoRoot, 'harness/tutorials/03-index-html'), workspace, { recursive: true });
    symlinkSync(repoRoot, join(workspace, 'course'));
    const summary = join(workspace, 'summary.md');
    const ran = await run('bash', ['-c', github.grade[0] as string], workspace, {
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summary,
    });
    // The tutorial's chapter-3 server fails some checks: the job fails, and still writes its files.
    expect(ran.status, `${ran.stdout}\n${ran.stderr}`).toBe(1);
    const results = validResults(join(workspace, 'results.json'));
    expect(results.status).toBe('fail');
    expect(readFileSync(join(workspace, 'junit.xml'), 'utf8')).toMatch(
      /<failure message="[^"]+" type="CheckFailed">/,
    );
    expect(readFileSync(summary, 'utf8')).toMatch(/^### First failure: chapter \d/m);
  });
});
