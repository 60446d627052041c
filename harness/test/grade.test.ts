// npm run grade: its arguments. (Grading itself is the matrix, run against another target.)
import { spawnSync } from 'node:child_process';
import { repoRoot } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';

const grade = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'harness/src/grade.ts', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
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
