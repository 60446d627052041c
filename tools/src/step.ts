// npm run step -- 02     runs a step's server (npm start runs the newest one).
// The server is imported into this same process, so it starts as fast as running it directly
// and handles Ctrl-C itself, exactly as `npx tsx src/server.ts` in its folder would.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findStep, newestStep, stepTable } from './course.ts';

const usage = `Usage: npm run step -- <step>      e.g. npm run step -- 02
       npm start                    runs the newest step

A step is named by its number (2 or 02) or its folder (02-hello-http).
PORT and HOST choose where it listens (default 127.0.0.1:8080; PORT=0 picks a free port).

Steps:
${stepTable()}`;

const arg = process.argv[2];
if (arg === '--help' || arg === '-h') {
  console.log(usage);
  process.exit(0);
}

const step = arg === undefined ? newestStep() : findStep(arg);
if (!step) {
  console.error(`No step called "${arg}".\n\n${usage}`);
  process.exit(1);
}
console.error(`Running ${step.name}: ${step.title} (Ctrl-C stops it)`);
await import(pathToFileURL(join(step.dir, 'src', 'server.ts')).href);
