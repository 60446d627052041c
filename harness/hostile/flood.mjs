// Prints megabytes: MB_BEFORE before its Listening line (lines, then one line with no newline for
// a fifth of it), MB_AFTER after, while it serves, then "flood done". Usage: flood.mjs 5 45
import { listen, sayListening } from './server.mjs';

const [before, after] = process.argv.slice(2, 4).map((mb) => Number(mb) * 1_000_000);
const line = (n) => `flood line ${n} ${'x'.repeat(80)}\n`;
let n = 0;

/** About `bytes` of numbered lines, in one string. */
function lines(bytes) {
  const parts = [];
  for (let size = 0; size < bytes; size += parts.at(-1).length) parts.push(line(++n));
  return parts.join('');
}

console.log('flood starts');
// process.stdout to a pipe is synchronous on Linux: each write waits for the grader to read.
for (let sent = 0; sent < before * 0.8; sent += 1_000_000) process.stdout.write(lines(1_000_000));
process.stdout.write(`a long line: ${'y'.repeat(before * 0.2)}\n`);
const server = await listen();
sayListening(server.address().port);
// After the line, a megabyte at a time between connections, so that it answers while it floods.
let sent = 0;
const more = () => {
  if (sent >= after) return console.log('flood done');
  process.stdout.write(lines(1_000_000));
  sent += 1_000_000;
  setImmediate(more);
};
more();
