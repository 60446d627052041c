// Chapter 8's bench: the step serving a 100 MB file and a 1 KB file, against what a Node user would
// pick (node:http piping fs.createReadStream, and serve-static), same files, same load tool, kept
// connections, same run. It prints each one's throughput, the ratio of ours to each, and each
// server's peak memory: flat for the big file is the point of streaming.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from '../src/launch.ts';
import { peakGrowth, peakMemoryOfTree } from '../src/process-memory.ts';
import { stepTarget, tsCommand } from '../src/targets.ts';
import { loadTool, requestsPerSecond } from './load.ts';
import type { Bench, BenchOptions } from './run.ts';

const MB = 1_000_000;
const MiB = 1024 * 1024;

interface Contender {
  name: string;
  command: string[];
  env?: Record<string, string>;
}

interface Measured {
  requestsPerSecond: number;
  /** How much the server's peak resident memory (VmHWM) grew from idle to the end of the run. */
  peakGrowth: number;
}

// Each big-file request is 100 MB: a few connections keep the disk cache and the loopback busy.
const BIG_FILE_CONNECTIONS = 4;

/** Starts a server, warms it up, measures it under load, reads its peak memory, stops it. */
async function measure(
  contender: Contender,
  path: string,
  connections: number,
  seconds: number,
): Promise<Measured> {
  const server = await launch({ cwd: tmpdir(), command: contender.command, env: contender.env });
  try {
    const idle = peakMemoryOfTree(server.pid);
    const url = `${server.url}${path}`;
    const load = { url, connections, connection: 'keep-alive' as const };
    await requestsPerSecond({ ...load, seconds: 1 });
    const rate = await requestsPerSecond({ ...load, seconds });
    return { requestsPerSecond: rate, peakGrowth: peakGrowth(idle, peakMemoryOfTree(server.pid)) };
  } finally {
    await server.stop();
  }
}

function contenders(options: BenchOptions, folder: string): Contender[] {
  const baseline = fileURLToPath(new URL('./static-baseline-server.ts', import.meta.url));
  return [
    { name: options.step.name, command: stepTarget(options.step).command, env: { HTDOCS: folder } },
    { name: 'node:http + createReadStream', command: [...tsCommand(baseline), folder, 'stream'] },
    { name: 'serve-static', command: [...tsCommand(baseline), folder, 'serve-static'] },
  ];
}

/** One file size: every contender, two rounds alternating, each one's best; then the report. */
async function benchFile(
  options: BenchOptions,
  folder: string,
  file: { path: string; bytes: number; connections: number },
): Promise<boolean> {
  const all = contenders(options, folder);
  const best: Measured[] = all.map(() => ({ requestsPerSecond: 0, peakGrowth: 0 }));
  for (let round = 0; round < 2; round++) {
    for (const [i, contender] of all.entries()) {
      const run = await measure(contender, file.path, file.connections, options.seconds);
      const previous = best[i] as Measured;
      best[i] = {
        requestsPerSecond: Math.max(previous.requestsPerSecond, run.requestsPerSecond),
        peakGrowth: Math.max(previous.peakGrowth, run.peakGrowth),
      };
    }
  }
  const size = file.bytes >= MB ? `${file.bytes / MB} MB` : `${file.bytes / 1000} KB`;
  console.log(
    `  ${size} file, ${file.connections} connections, ${options.seconds} s x 2 rounds each:`,
  );
  const width = Math.max(...all.map((c) => c.name.length)) + 1;
  for (const [i, contender] of all.entries()) {
    const { requestsPerSecond: rate, peakGrowth: growth } = best[i] as Measured;
    const throughput = file.bytes >= MB ? ` (${((rate * file.bytes) / MB).toFixed(0)} MB/s)` : '';
    console.log(
      `    ${`${contender.name}:`.padEnd(width)} ${Math.round(rate)} requests/s${throughput}, peak memory +${(growth / MiB).toFixed(0)} MiB over idle`,
    );
  }
  const ours = best[0]?.requestsPerSecond ?? 0;
  let met = true;
  for (const [i, contender] of all.entries()) {
    if (i === 0) continue;
    const ratio = ours / (best[i]?.requestsPerSecond || 1);
    console.log(`    ratio to ${contender.name}: ${ratio.toFixed(2)}x  (target: at least 1.0x)`);
    met &&= ratio >= 1;
  }
  return met;
}

export const staticFilesBench: Bench = {
  name: 'static-files',
  async run(options) {
    console.log(`Static files: ${options.step.name} vs node:http and serve-static (${loadTool})`);
    // Generated at bench time, never committed: 100 MB of random bytes (nothing compresses it, and
    // .bin is not a text type anyway) and 1 KB.
    const folder = mkdtempSync(join(tmpdir(), 'hfs-bench-static-'));
    try {
      writeFileSync(join(folder, 'big.bin'), randomBytes(100 * MB));
      writeFileSync(join(folder, 'small.bin'), randomBytes(1000));
      const big = await benchFile(options, folder, {
        path: '/big.bin',
        bytes: 100 * MB,
        connections: BIG_FILE_CONNECTIONS,
      });
      const small = await benchFile(options, folder, {
        path: '/small.bin',
        bytes: 1000,
        connections: options.connections,
      });
      return big && small;
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  },
};
