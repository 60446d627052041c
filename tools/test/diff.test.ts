import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Step } from '../src/course.ts';
import { diffSteps } from '../src/diff.ts';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function fakeStep(name: string, files: Record<string, string | Buffer>): Step {
  const dir = mkdtempSync(join(tmpdir(), 'hfs-diff-'));
  made.push(dir);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return { name, chapter: 0, title: name, dir, doc: '' };
}

describe('npm run diff', () => {
  it('shows changed, added and removed files as a unified diff, and nothing for equal files', () => {
    const before = fakeStep('01-a', {
      'src/server.ts': 'one\ntwo\n',
      'same.txt': 'x\n',
      'gone.txt': 'bye\n',
    });
    const after = fakeStep('02-b', {
      'src/server.ts': 'one\nthree\n',
      'same.txt': 'x\n',
      'new.txt': 'hi\n',
    });
    const patch = diffSteps(before, after);
    expect(patch).toContain('--- steps/01-a/src/server.ts\n+++ steps/02-b/src/server.ts');
    expect(patch).toContain('-two\n+three\n');
    expect(patch).toContain('+hi\n');
    expect(patch).toContain('-bye\n');
    expect(patch).not.toContain('same.txt');
  });

  it('leaves out node_modules and build output, and does not print binary files', () => {
    const before = fakeStep('01-a', {
      'node_modules/x/index.js': 'a',
      'dist/out.js': 'a',
      '.turbo/turbo-test.log': 'a',
      'img.png': Buffer.from([0, 1]),
    });
    const after = fakeStep('02-b', {
      'node_modules/x/index.js': 'b',
      'dist/out.js': 'b',
      '.turbo/turbo-test.log': 'b',
      'img.png': Buffer.from([0, 2]),
    });
    const patch = diffSteps(before, after);
    expect(patch).not.toContain('node_modules');
    expect(patch).not.toContain('dist/');
    expect(patch).toBe('Binary files steps/01-a/img.png and steps/02-b/img.png differ\n');
  });

  it('says which files are new in the later step, and which it removed, as git does', () => {
    const before = fakeStep('01-a', { 'gone.txt': 'old\n', 'old.png': Buffer.from([0, 9]) });
    const after = fakeStep('02-b', { 'logo.png': Buffer.from([0, 1, 2]), 'new.txt': 'fresh\n' });
    const patch = diffSteps(before, after);
    expect(patch).toContain('--- steps/01-a/gone.txt\n+++ /dev/null\n');
    expect(patch).toContain('New binary file steps/02-b/logo.png (3 bytes)\n');
    expect(patch).toContain('Binary file steps/01-a/old.png removed\n');
    expect(patch).toContain('--- /dev/null\n+++ steps/02-b/new.txt\n');
    expect(patch).toContain('+fresh');
  });
});
