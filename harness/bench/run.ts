// npm run bench: the parser against Node's llhttp, the server against node:http (kept
// connections, and one request per connection), with a raw-net ceiling beside them.
// A benchmark, not a test: it prints ratios measured in one run on this machine.
import os from 'node:os';
import { findStep, newestStep, type Step } from '@hfs/tools/course.ts';
import {
  benchServers,
  type Contender,
  ceilingContender,
  nodeHttpContender,
  stepContender,
} from './server.ts';
import { staticFilesBench } from './static-files.ts';

const usage = `Usage: npm run bench [-- --step NN] [--seconds N] [--connections N] [--only NAME]

Measures, in one run on this machine (NAME is one of these):
  parser:     our HttpRequestParser against Node's llhttp, on ~700-byte browser-like requests
  keep-alive: the step (default: the newest) against node:http, both on kept connections, serving
              the same file with the same headers; a raw node:net server beside them (the ceiling)
  close:      step 06 against node:http, Connection: close on every request
  static-files: the step serving a 100 MB and a 1 KB file against node:http piping
              fs.createReadStream and serve-static, kept connections; throughput and peak memory
  server:     every bench but the parser's (chapter 6's name for them)
Load: wrk (or autocannon when wrk is not installed). Targets: every ratio at least 1.0.`;

/** What every bench is given. */
export interface BenchOptions {
  step: Step;
  seconds: number;
  connections: number;
}

/** One section of the report. Returns whether it met its target. */
export interface Bench {
  name: string;
  run(options: BenchOptions): Promise<boolean>;
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

function perSecond(value: number): string {
  return `${Math.round(value)} requests/s`;
}

const parserBench: Bench = {
  name: 'parser',
  async run() {
    // The parser lives in the last step; its bench comes with it.
    const { benchParser } = await import('@hfs/tools/bench-parser.ts');
    console.log('Parser vs llhttp (through Node), same requests, same run...');
    const parser = await benchParser();
    console.log(
      `  ours:   ${parser.ours.mbPerSec.toFixed(1)} MB/s, ${perSecond(parser.ours.reqPerSec)}`,
    );
    console.log(
      `  llhttp: ${parser.llhttp.mbPerSec.toFixed(1)} MB/s, ${perSecond(parser.llhttp.reqPerSec)}`,
    );
    console.log(`  ratio:  ${parser.ratio.toFixed(2)}x  (target: at least 1.0x)`);
    return parser.ratio >= 1;
  },
};

/**
 * The first contender against the second, under the same load: prints each one's requests/s
 * and the ratio of the first to the second. Any further contenders are printed beside them.
 */
async function compare(
  title: string,
  contenders: Contender[],
  connection: 'close' | 'keep-alive',
  { seconds, connections }: BenchOptions,
): Promise<boolean> {
  console.log(`${title}, ${connections} connections, ${seconds} s x 2 rounds each...`);
  const { tool, results } = await benchServers(contenders, { seconds, connections, connection });
  console.log(`  load tool: ${tool}`);
  const width = Math.max(...results.map((r) => r.name.length)) + 1;
  for (const { name, requestsPerSecond } of results) {
    console.log(`  ${`${name}:`.padEnd(width)} ${perSecond(requestsPerSecond)}`);
  }
  const [ours, theirs] = results;
  const ratio = (ours?.requestsPerSecond ?? 0) / (theirs?.requestsPerSecond ?? 1);
  console.log(`  ratio:  ${ratio.toFixed(2)}x  (target: at least 1.0x)`);
  return ratio >= 1;
}

const keepAliveBench: Bench = {
  name: 'keep-alive',
  run: (options) =>
    compare(
      `Server ${options.step.name} vs node:http, kept connections`,
      [
        stepContender(options.step),
        nodeHttpContender(options.step, 'keep-alive'),
        ceilingContender(options.step),
      ],
      'keep-alive',
      options,
    ),
};

const closeBench: Bench = {
  name: 'close',
  run(options) {
    // Chapter 6's comparison: one request per connection, as step 06 serves them.
    const step = findStep('06') ?? options.step;
    return compare(
      `Server ${step.name} vs node:http, Connection: close`,
      [stepContender(step), nodeHttpContender(step, 'close')],
      'close',
      options,
    );
  },
};

// In the order they run. A later chapter's bench goes here (one import, one entry).
const benches: Bench[] = [parserBench, keepAliveBench, closeBench, staticFilesBench];

async function main(): Promise<number> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const stepName = option('step');
  const step = stepName ? findStep(stepName) : newestStep();
  if (!step) {
    console.error(`No step called "${stepName}".\n\n${usage}`);
    return 1;
  }
  const only = option('only');
  const chosen = benches.filter(
    (bench) =>
      only === undefined || bench.name === only || (only === 'server' && bench.name !== 'parser'),
  );
  if (chosen.length === 0) {
    console.error(`No bench called "${only}".\n\n${usage}`);
    return 1;
  }
  const options: BenchOptions = {
    step,
    seconds: Number(option('seconds') ?? 5),
    connections: Number(option('connections') ?? 32),
  };
  console.log(
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}\n`,
  );
  const missed: string[] = [];
  for (const bench of chosen) {
    if (!(await bench.run(options))) missed.push(bench.name);
    console.log('');
  }
  if (missed.length > 0)
    console.log(
      `A target was missed (${missed.join(', ')}): see docs/chapters/06-threads-parser.md and 07-keep-alive.md on where the time goes.`,
    );
  return 0;
}

process.exitCode = await main();
