// Puts a server under load with wrk when it is installed, else autocannon, and returns requests/s.
import { spawnSync } from 'node:child_process';
import autocannon from 'autocannon';
import { runTool } from '../src/clients.ts';

export interface LoadOptions {
  url: string;
  seconds: number;
  connections: number;
  /** Ask for Connection: close on every request (a new connection each time), or keep them. */
  connection: 'close' | 'keep-alive';
}

export const loadTool = spawnSync('wrk', ['--version'], { stdio: 'ignore' }).error
  ? 'autocannon'
  : 'wrk';

export async function requestsPerSecond({
  url,
  seconds,
  connections,
  connection,
}: LoadOptions): Promise<number> {
  const close = connection === 'close';
  if (loadTool === 'wrk') {
    // wrk opens a new connection whenever the server closes one, as a browser would; without
    // Connection: close it keeps each connection, as a browser does too.
    const header = close ? ['-H', 'Connection: close'] : [];
    const run = await runTool(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, ...header, url],
      (seconds + 10) * 1000,
    );
    const match = /Requests\/sec:\s+([\d.]+)/.exec(run.stdout.toString());
    if (!match) throw new Error(`wrk printed no Requests/sec:\n${run.stdout}${run.stderr}`);
    const errors = /Non-2xx or 3xx responses: (\d+)/.exec(run.stdout.toString());
    if (errors) throw new Error(`wrk saw ${errors[1]} error responses from ${url}`);
    return Number(match[1]);
  }
  const result = await autocannon({
    url,
    duration: seconds,
    connections,
    headers: close ? { connection: 'close' } : {},
  });
  if (result.non2xx > 0)
    throw new Error(`autocannon saw ${result.non2xx} error responses from ${url}`);
  return result.requests.average;
}
