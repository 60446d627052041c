// npm run exercise, as a learner uses it: set up a folder, check it (chapter 2 fails, chapter 1
// passes), write the chapter's code, check again (all pass), watch an exercise re-run on Enter and
// on a save, and get
// one clear line for every mistake. (Each command is a process of its own, as a learner runs it,
// and a check is a whole grading run: with the rest of npm test on the same 2 cores, one of these
// has taken 134 s, so each may take 5 minutes.)
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findStep, repoRoot } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import { exercises } from '../exercises/index.ts';
import { ioDeadline } from '../src/io-deadline.ts';
import { launchTarget } from '../src/run-check.ts';
import { learnerTarget, readState, setUp, updatePages } from '../src/workbench/folder.ts';

const cli = join(repoRoot, 'harness', 'src', 'workbench', 'cli.ts');
const env = { ...process.env, INIT_CWD: repoRoot, NO_COLOR: '1' };

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `npm run exercise -- ARGS` as a learner does, in a process of its own. */
const exercise = (...args: string[]) =>
  new Promise<Ran>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: repoRoot, encoding: 'utf8', env },
      (error, stdout, stderr) =>
        resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });

const newDir = () =>
  join(mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), 'hfs-workbench-')), 'ada');
const step02 = () => join(findStep('02')?.dir ?? '', 'src', 'server.ts');

// The tests run side by side, each in a folder of its own: most of their time is spent waiting
// for a command to start or a grading to end.
describe.concurrent('npm run exercise', () => {
  it('start 2, check: chapter 1 passes, chapter 2 fails; with the chapter written, every check passes', {
    timeout: 300_000,
  }, async () => {
    const dir = newDir();
    const started = await exercise('start', '2', '--dir', dir);
    expect(started.status, started.stderr).toBe(0);
    expect(readdirSync(join(dir, 'src'))).toContain('server.ts');

    const failing = await exercise('check', '--dir', dir);
    expect(failing.status, failing.stdout).toBe(1);
    expect(failing.stdout).toMatch(/^chapter 1 {2}Echo over TCP +9\/9$/m);
    expect(failing.stdout).toMatch(/^chapter 2 {2}Hello, HTTP +0\/\d+$/m);
    expect(failing.stdout).toMatch(/^✗ chapter 2, HTTP basics: /m);
    expect(failing.stdout).toMatch(/^Stuck\? npm run exercise -- --dir \S+ hint 02-hello-http\//m);
    expect(failing.stdout).toMatch(/^\d+ passed, \d+ failed$/m);
    expect(failing.stdout, 'no test-runner internals').not.toMatch(/^\s+at |vitest|node_modules/m);

    copyFileSync(step02(), join(dir, 'src', 'server.ts'));
    const passing = await exercise('check', '--dir', dir);
    expect(passing.status, passing.stdout).toBe(0);
    expect(passing.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    expect(passing.stdout).toContain('Chapter 2 done.');

    const list = await exercise('list', '--dir', dir);
    expect(list.stdout).toMatch(/✓ +2 +Hello, HTTP +done \(\d+\/\d+\) +<- you are here/);
    expect(list.stdout).toMatch(/· +3 +Serving index\.html +not started/);
  });

  it('a folder outside the course starts at chapter 7 too (its worker threads find the course tsx)', {
    timeout: 300_000,
  }, async () => {
    const dir = newDir();
    expect(dir.startsWith(repoRoot), 'the folder is outside the course').toBe(false);
    const started = await exercise('start', '7', '--dir', dir);
    expect(started.status, started.stderr).toBe(0);
    // Without NODE_PATH the server died at start (Cannot find module 'tsx/cjs/api'), which a
    // grading run once reported as "0 passed, 0 failed".
    const server = await launchTarget(learnerTarget(dir, readState(dir), 7));
    try {
      const response = await fetch(`${server.url}/ipsum.html`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
    } finally {
      await server.stop();
    }
  });

  it("a folder's pages are its chapter's: start 4 has them, moving on updates the course's, keeps yours", () => {
    const dir = newDir();
    const step = (n: string) => join(findStep(n)?.dir ?? '', 'htdocs');
    setUp(dir, 4, undefined, false);
    expect(readFileSync(join(dir, 'htdocs', 'index.html'))).toEqual(
      readFileSync(join(step('04'), 'index.html')),
    );
    expect(existsSync(join(dir, 'htdocs', 'ipsum.html')), 'chapter 4 reads ipsum.html').toBe(true);
    // On to chapter 6: 404.html (chapter 5) and form.html are new, index.html links to the form.
    const mine = join(dir, 'htdocs', 'ipsum.html');
    writeFileSync(mine, 'my own ipsum');
    expect(updatePages(dir, 6)).toEqual({
      updated: ['htdocs/404.html', 'htdocs/form.html', 'htdocs/index.html'],
      kept: ['htdocs/ipsum.html'],
    });
    expect(readFileSync(join(dir, 'htdocs', 'index.html'))).toEqual(
      readFileSync(join(step('06'), 'index.html')),
    );
    writeFileSync(join(dir, 'htdocs', 'index.html'), 'my own page');
    writeFileSync(join(dir, 'htdocs', 'form.html'), 'my own form');
    expect(updatePages(dir, 6).kept.sort()).toEqual([
      'htdocs/form.html',
      'htdocs/index.html',
      'htdocs/ipsum.html',
    ]);
    expect(readFileSync(mine, 'utf8')).toBe('my own ipsum');
  });

  it('hint gives one more level per call: what it expects, where the chapter says it, the code', {
    timeout: 300_000,
  }, async () => {
    const dir = newDir();
    await exercise('start', '3', '--dir', dir);
    const id = '02-hello-http/has-a-content-length-that-counts-bytes-the-page-holds-non-ascii-text';
    const levels: string[] = [];
    for (let call = 1; call <= 3; call++)
      levels.push((await exercise('hint', id, '--dir', dir)).stdout);
    expect(levels[0]).toMatch(/^Hint 1 of 3/);
    expect(levels[0]).toMatch(/1\. What it expects: .*RFC 91\d\d/);
    expect(levels[0]).not.toContain('2. Where');
    expect(levels[1]).toMatch(
      /2\. Where chapter 2 explains it: ".+"\n {3}\S+docs\/chapters\/02-hello-http\.md#/,
    );
    expect(levels[2]).toMatch(/3\. /);
    expect(levels[2]).not.toContain('is missing');
  });

  it('diff --yes shows the folder against the reference step; reset keeps a dated copy', {
    timeout: 300_000,
  }, async () => {
    const dir = newDir();
    await exercise('start', '2', '--dir', dir);
    const diff = await exercise('diff', '--yes', '--dir', dir);
    expect(diff.status).toBe(0);
    expect(diff.stdout).toMatch(
      /^--- yours\/src\/server\.ts\n\+\+\+ steps\/02-hello-http\/src\/server\.ts/m,
    );
    writeFileSync(join(dir, 'src', 'mine.ts'), '// my own work\n');
    const reset = await exercise('reset', '2', '--dir', dir);
    expect(reset.status, reset.stderr).toBe(0);
    const copy = /Kept your old folder as (\S+)\./.exec(reset.stdout)?.[1] ?? '';
    expect(readFileSync(join(copy, 'src', 'mine.ts'), 'utf8')).toBe('// my own work\n');
    expect(existsSync(join(dir, 'src', 'mine.ts'))).toBe(false);
  });

  it('says what is wrong in one line, and changes nothing', { timeout: 300_000 }, async () => {
    const dir = newDir();
    const cases = [
      [
        ['start', '99', '--dir', dir],
        /^npm run exercise: there is no chapter 99: the chapters are 1, 2, 3/,
      ],
      [['check', '--dir', '/tmp'], /^npm run exercise: \/tmp is not a workbench folder/],
      [['check', '9.9', '--dir', dir], /^npm run exercise: there is no folder/],
      [['frobnicate'], /^npm run exercise: no command "frobnicate"/],
      [['start', '2', '--bogus'], /^npm run exercise: Unknown option '--bogus'/],
    ] as const;
    const results = await Promise.all(cases.map(([args]) => exercise(...args)));
    for (const [i, [args, message]] of cases.entries()) {
      const result = results[i] as Ran;
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr, 'no stack trace').not.toMatch(/^\s+at /m);
    }
    await exercise('start', '2', '--dir', dir);
    writeFileSync(join(dir, 'src', 'server.ts'), '// mine\n');
    const again = await exercise('start', '3', '--dir', dir);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already exists and is not empty: nothing was changed/);
    expect(readFileSync(join(dir, 'src', 'server.ts'), 'utf8')).toBe('// mine\n');
  });
});

/** Resolves with how long after `since` the watcher printed a line matching `pattern`. */
function lineAfter(
  child: ChildProcess,
  output: { text: string },
  pattern: RegExp,
  from: number,
  timeoutMs: number,
) {
  return new Promise<void>((resolve, reject) => {
    // As the harness's own waits: output already in the pipe is read before the wait gives up.
    const cancel = ioDeadline(timeoutMs, () =>
      reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${output.text}`)),
    );
    const look = () => {
      if (pattern.test(output.text.slice(from))) {
        cancel();
        child.stdout?.off('data', look);
        resolve();
      }
    };
    child.stdout?.on('data', look);
    look();
  });
}

describe.concurrent('npm run exercise -- check --watch', () => {
  // On exercise 2.3 (one check, one server): watching works the same for a chapter, and each of the
  // three runs here costs a second of CPU rather than a chapter's eight.
  it('re-runs on Enter, and within 2 s of a save, once for a burst of saves; stops on Ctrl-C', {
    timeout: 300_000,
  }, async () => {
    const dir = newDir();
    await exercise('start', '2', '--dir', dir);
    const code = readFileSync(step02(), 'utf8');
    writeFileSync(join(dir, 'src', 'server.ts'), code);
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', cli, 'check', '2.3', '--watch', '--dir', dir],
      {
        cwd: repoRoot,
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => {
      output.text += chunk.toString();
    });
    try {
      await lineAfter(child, output, /Watching .* for changes/, 0, 60_000);
      expect(output.text, 'the exercise is not done yet').toMatch(/^0 passed, 1 failed$/m);
      // Enter re-checks by hand (where file watching does not work).
      const beforeEnter = output.text.length;
      child.stdin.write('\n');
      await lineAfter(child, output, /Checking /, beforeEnter, 2000);
      await lineAfter(child, output, /Watching .* for changes/, beforeEnter, 60_000);
      // Ten saves in a tenth of a second, of the exercise done: one re-run, and it passes.
      const from = output.text.length;
      const solution = solutionOf('2.3', code);
      const savedAt = Date.now();
      for (let i = 0; i < 10; i++)
        writeFileSync(join(dir, 'src', 'server.ts'), `${solution}// save ${i}\n`);
      await lineAfter(child, output, /Checking /, from, 2000);
      expect(Date.now() - savedAt, 'ms from the save to the re-run').toBeLessThan(2000);
      await lineAfter(child, output, /Watching .* for changes/, from, 60_000);
      expect(output.text.slice(from).match(/Checking /g)?.length, 'runs for ten saves').toBe(1);
      expect(output.text.slice(from)).toMatch(/^1 passed, 0 failed$/m);
    } finally {
      child.kill('SIGINT');
    }
    // Ctrl-C ends it as it ends any command on a terminal, though its first run failed.
    const exitCode = await new Promise((resolve) => child.on('exit', (c) => resolve(c)));
    expect(exitCode).toBe(130);
  });
});

/** `code` with graded exercise `id`'s reference solution applied. */
function solutionOf(id: string, code: string): string {
  const found = exercises.find((e) => e.id === id);
  if (!found) throw new Error(`no exercise ${id}`);
  return found.solution.reduce((text, patch) => text.split(patch.find).join(patch.replace), code);
}
