// npm run grade: its arguments, and whole grading runs of known-good steps started the way a
// learner would start any server: a command with a relative path, in its folder.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import { absoluteCommand, tsCommand } from '../src/targets.ts';

// As `npm run grade` typed at the repo's root: INIT_CWD is the folder --cwd is relative to.
const grade = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'harness/src/grade.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: repoRoot },
  });

describe('npm run grade', () => {
  it('--help explains the contract a graded server must keep', () => {
    const result = grade('--help');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Listening on http://HOST:PORT');
  });

  it('refuses a chapter that does not exist, or a missing command, in one clear line plus usage', () => {
    const noChapter = grade('--chapter', '99', '--', 'python3', 'server.py');
    expect(noChapter.status).toBe(1);
    expect(noChapter.stderr).toMatch(/^--chapter must be one of 1, 2, 3/);
    const noCommand = grade('--chapter', '2');
    expect(noCommand.status).toBe(1);
    expect(noCommand.stderr).toMatch(/^give the command that starts the server after --/);
    const noFolder = grade('--chapter', '2', '--cwd', '/no/such/folder', '--', 'x');
    expect(noFolder.stderr).toMatch(/^no folder \/no\/such\/folder/);
  });
});

describe('the graded command', () => {
  it('names its files by absolute path, so that it starts the same server from any folder', () => {
    const dir = mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), 'hfs-grade-'));
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
    writeFileSync(join(dir, 'python3'), '');
    expect(absoluteCommand(['python3', 'server.py'], dir)[0]).toBe('python3');
  });
});

describe('grading a known-good step', () => {
  // Started as a learner would start it, in its folder with a relative path: node, tsx's loader,
  // src/server.ts. (Not the tsx command-line tool: under load it turns a clean exit on Ctrl-C into
  // 130 when its child is slow to acknowledge the signal.)
  const gradeStep = (chapter: number, step: string) =>
    grade(
      '--chapter',
      String(chapter),
      '--cwd',
      `steps/${step}`,
      '--',
      ...tsCommand('src/server.ts'),
    );

  // Chapter 3: "finds htdocs/ whatever the current directory is" starts it from another folder,
  // where the relative src/server.ts would name nothing. And chapter 1's spec file has no check
  // for chapter 3, which is not a failure. (One whole grading run: it costs the suite ~20 s.)
  it('exits 0 for chapter 3 started with a relative path', { timeout: 180_000 }, () => {
    const result = gradeStep(3, '03-index-html');
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stdout).toMatch(/Tests\s.*\d+ passed/);
  });
});
