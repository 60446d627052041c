// The server half of `npm run bench`: a step against node:http, same file, same headers, same
// load tool, same run. Reports the ratio: the absolute numbers depend on the machine.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestStep, type Step } from '@hfs/tools/course.ts';
import { launch } from '../src/launch.ts';
import { stepTarget, tsCommand } from '../src/targets.ts';
import { loadTool, requestsPerSecond } from './load.ts';

export interface ServerBench {
  tool: string;
  step: number;
  nodeHttp: number;
  ratio: number;
}

async function measure(
  command: string[],
  cwd: string,
  seconds: number,
  connections: number,
): Promise<number> {
  const server = await launch({ cwd, command });
  try {
    const url = `${server.url}/`;
    await requestsPerSecond({ url, seconds: 1, connections }); // warm-up: JIT, file cache
    return await requestsPerSecond({ url, seconds, connections });
  } finally {
    await server.stop();
  }
}

export async function benchServer(
  step: Step = newestStep(),
  seconds = 5,
  connections = 32,
): Promise<ServerBench> {
  const target = stepTarget(step);
  const page = join(step.dir, 'htdocs', 'index.html');
  const baseline = tsCommand(fileURLToPath(new URL('./baseline-server.ts', import.meta.url)));
  // Alternate the two, twice, and keep each one's best: a background hiccup on a 2-core machine
  // should not decide the ratio.
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < 2; round++) {
    theirs.push(await measure([...baseline, page], step.dir, seconds, connections));
    ours.push(await measure(target.command, target.cwd, seconds, connections));
  }
  const stepRps = Math.max(...ours);
  const nodeHttp = Math.max(...theirs);
  return { tool: loadTool, step: stepRps, nodeHttp, ratio: stepRps / nodeHttp };
}
