// npm run bench: the parser against Node's llhttp, the newest step against node:http.
// A benchmark, not a test: it prints ratios measured in one run on this machine.
import os from 'node:os';
import { findStep, newestStep } from '@hfs/tools/course.ts';
import { benchServer } from './server.ts';

const usage = `Usage: npm run bench [-- --step NN] [--seconds N] [--connections N] [--only parser|server]

Measures, in one run on this machine:
  parser: our HttpRequestParser against Node's llhttp, on ~700-byte browser-like requests (MB/s, requests/s)
  server: the step (default: the newest) against a node:http server serving the same file with the
          same headers and Connection: close, under wrk (or autocannon when wrk is not installed)
Targets: both ratios at least 1.0.`;

function option(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

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
  const seconds = Number(option('seconds') ?? 5);
  const connections = Number(option('connections') ?? 32);
  const only = option('only');
  console.log(
    `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.availableParallelism()} cores, Node ${process.version}\n`,
  );
  let missed = false;

  if (only !== 'server') {
    // The parser lives in the last step; its bench comes with it.
    const { benchParser } = await import('@hfs/tools/bench-parser.ts');
    console.log('Parser vs llhttp (through Node), same requests, same run...');
    const parser = await benchParser();
    console.log(
      `  ours:   ${parser.ours.mbPerSec.toFixed(1)} MB/s, ${Math.round(parser.ours.reqPerSec)} requests/s`,
    );
    console.log(
      `  llhttp: ${parser.llhttp.mbPerSec.toFixed(1)} MB/s, ${Math.round(parser.llhttp.reqPerSec)} requests/s`,
    );
    console.log(`  ratio:  ${parser.ratio.toFixed(2)}x  (target: at least 1.0x)\n`);
    missed ||= parser.ratio < 1;
  }
  if (only !== 'parser') {
    console.log(
      `Server ${step.name} vs node:http, ${connections} connections, ${seconds} s x 2 rounds each...`,
    );
    const server = await benchServer(step, seconds, connections);
    console.log(`  load tool: ${server.tool}`);
    console.log(`  ${step.name}: ${Math.round(server.step)} requests/s`);
    console.log(`  node:http: ${Math.round(server.nodeHttp)} requests/s`);
    console.log(`  ratio:  ${server.ratio.toFixed(2)}x  (target: at least 1.0x)`);
    missed ||= server.ratio < 1;
  }
  if (missed)
    console.log(
      '\nA target was missed: see docs/chapters/06-threads-parser.md on where the time goes.',
    );
  return 0;
}

process.exitCode = await main();
