// Real HTTP clients, the outside world a server must satisfy: curl, Python's urllib, Node's fetch.
import { spawn, spawnSync } from 'node:child_process';

export class MissingToolError extends Error {}

const present = new Map<string, boolean>();

/**
 * Ensures a command-line tool is installed. Missing under CI=true: a failure. Missing on a
 * learner's machine: the caller skips the check, saying what to install.
 */
export function requireTool(command: string, install: string): void {
  if (!present.has(command)) {
    present.set(command, spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0);
  }
  if (!present.get(command)) throw new MissingToolError(`${command} is not installed (${install})`);
}

export interface ToolRun {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

export function runTool(command: string, args: string[], timeoutMs = 10_000): Promise<ToolRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout), stderr });
    });
  });
}

/** curl with the response head included (-i) in stdout. */
export function curl(url: string, extraArgs: string[] = []): Promise<ToolRun> {
  requireTool('curl', 'apt-get install curl');
  return runTool('curl', ['-sS', '-i', '--http1.1', '--max-time', '5', ...extraArgs, url]);
}

const PYTHON_GET = `
import sys, urllib.request, urllib.error
try:
    r = urllib.request.urlopen(sys.argv[1], timeout=5)
except urllib.error.HTTPError as e:
    r = e
sys.stdout.write(f"{r.status}\\n{r.headers.get('Content-Type', '')}\\n")
sys.stdout.flush()
sys.stdout.buffer.write(r.read())
`;

/** Python's urllib: prints the status, the Content-Type, then the body. */
export async function pythonGet(
  url: string,
): Promise<{ status: number; contentType: string; body: Buffer; stderr: string }> {
  requireTool('python3', 'apt-get install python3');
  const run = await runTool('python3', ['-c', PYTHON_GET, url]);
  if (run.code !== 0) throw new Error(`python3 urllib failed (exit ${run.code}):\n${run.stderr}`);
  const firstNewline = run.stdout.indexOf(0x0a);
  const secondNewline = run.stdout.indexOf(0x0a, firstNewline + 1);
  return {
    status: Number(run.stdout.subarray(0, firstNewline).toString()),
    contentType: run.stdout.subarray(firstNewline + 1, secondNewline).toString(),
    body: run.stdout.subarray(secondNewline + 1),
    stderr: run.stderr,
  };
}
