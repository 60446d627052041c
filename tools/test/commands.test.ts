// The commands as a user types them: npm start, npm run step, npm run diff.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { listSteps, repoRoot } from '../src/course.ts';

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) {
    if (child.pid && child.exitCode === null && child.signalCode === null)
      process.kill(-child.pid, 'SIGKILL');
  }
});

/** Starts a command and resolves with its first stdout line matching `pattern`. */
function startUntil(
  command: string,
  args: string[],
  pattern: RegExp,
): Promise<{ line: string; child: ChildProcess }> {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0' },
    detached: true,
  });
  running.push(child);
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk;
      const line = output.split('\n').find((l) => pattern.test(l));
      if (line) resolve({ line, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk;
    });
    child.on('exit', (code) =>
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${output}`)),
    );
  });
}

function run(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
}

describe('npm start and npm run step', () => {
  it('npm start runs the newest step', async () => {
    const { line } = await startUntil('npm', ['start', '--silent'], /^Listening on /);
    expect(line).toMatch(/^Listening on http:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(listSteps().map((s) => [s.name, String(s.chapter)]))(
    'npm run step -- %s starts it',
    async (name, number) => {
      const { line, child } = await startUntil(
        process.execPath,
        ['--import', 'tsx', 'tools/src/step.ts', number],
        /^Listening on /,
      );
      expect(line).toMatch(/^Listening on (tcp|http):\/\/127\.0\.0\.1:\d+$/);
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      process.kill(child.pid as number, 'SIGTERM');
      expect(await exited, `${name} should exit 0 on SIGTERM`).toBe(0);
    },
  );

  it('an unknown step name lists the steps and exits 1', () => {
    const result = run(['tools/src/step.ts', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('No step called "nope"');
    for (const step of listSteps()) expect(result.stderr).toContain(step.name);
  });

  it('--help says how to use it and lists the steps', () => {
    const result = run(['tools/src/step.ts', '--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: npm run step -- <step>');
    expect(result.stdout).toContain('01-echo-tcp');
  });
});

describe('npm run diff', () => {
  it('shows the diff between two steps, plain when piped', () => {
    const result = run(['tools/src/diff.ts', '02', '03']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('--- steps/02-hello-http/src/server.ts');
    expect(result.stdout).toContain('+++ steps/03-index-html/src/server.ts');
    expect(result.stdout).not.toContain('\x1b[');
  });

  it('says what is wrong with its arguments and exits 1', () => {
    expect(run(['tools/src/diff.ts', '02']).stderr).toContain('Give two steps.');
    const unknown = run(['tools/src/diff.ts', '02', 'nope']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No step called "nope"');
  });
});
