// The server half of `npm run bench`: a step against node:http, same file, same headers, same
// load tool, same run. Reports the ratio: the absolute numbers depend on the machine.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Step } from '@hfs/tools/course.ts';
import { launch } from '../src/launch.ts';
import { stepTarget, tsCommand } from '../src/targets.ts';
import { type LoadOptions, loadTool, requestsPerSecond } from './load.ts';

export interface Contender {
  name: string;
  command: string[];
  cwd: string;
}

export interface ServerBench {
  tool: string;
  /** Requests/s of each contender, by name, in the order given. */
  results: Array<{ name: string; requestsPerSecond: number }>;
}

type Load = Omit<LoadOptions, 'url'>;

/** Starts a server, warms it up (JIT, file cache), measures it, stops it. */
async function measure(contender: Contender, load: Load): Promise<number> {
  const server = await launch({ cwd: contender.cwd, command: contender.command });
  try {
    const url = `${server.url}/`;
    await requestsPerSecond({ ...load, url, seconds: 1 });
    return await requestsPerSecond({ ...load, url });
  } finally {
    await server.stop();
  }
}

/**
 * Measures each contender under the same load, round after round, and keeps each one's best:
 * alternating them means that a background hiccup on a 2-core machine does not decide a ratio.
 */
export async function benchServers(
  contenders: Contender[],
  load: Load,
  rounds = 2,
): Promise<ServerBench> {
  const best = contenders.map(() => 0);
  for (let round = 0; round < rounds; round++) {
    for (const [i, contender] of contenders.entries()) {
      best[i] = Math.max(best[i] ?? 0, await measure(contender, load));
    }
  }
  return {
    tool: loadTool,
    results: contenders.map((c, i) => ({ name: c.name, requestsPerSecond: best[i] ?? 0 })),
  };
}

/** The step, started as the course starts it. */
export function stepContender(step: Step): Contender {
  const target = stepTarget(step);
  return { name: step.name, command: target.command, cwd: target.cwd };
}

/** node:http serving the step's index.html, the same way (see baseline-server.ts). */
export function nodeHttpContender(step: Step, connection: 'close' | 'keep-alive'): Contender {
  const page = join(step.dir, 'htdocs', 'index.html');
  return {
    name: 'node:http',
    command: [...benchCommand('baseline-server.ts'), page, connection],
    cwd: step.dir,
  };
}

/** The raw node:net ceiling (see ceiling-server.ts). */
export function ceilingContender(step: Step): Contender {
  return { name: 'raw net (ceiling)', command: benchCommand('ceiling-server.ts'), cwd: step.dir };
}

function benchCommand(file: string): string[] {
  return tsCommand(fileURLToPath(new URL(`./${file}`, import.meta.url)));
}
