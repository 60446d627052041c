// A wait on I/O whose answer came while the event loop was held up (a busy machine, a long
// synchronous step of a neighbouring check) resolves, rather than timing out with the answer in
// the kernel's buffer: a loaded CI run failed checks that way.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawConnection } from '../src/raw-client.ts';

/** Answers `answer` to any bytes, from a process of its own: it must answer while this one is held up. */
const SERVER = `
const server = require('node:net').createServer((socket) => socket.on('data', () => socket.end('answer')));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;

let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(server.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  port = Number(chunk.toString());
});

afterAll(() => {
  server.kill();
});

/** Keeps this thread busy for `ms`: no timer, no I/O runs meanwhile. */
function holdUp(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy
  }
}

it('a wait whose bytes arrived while the event loop was held up past its deadline resolves', async () => {
  const connection = await RawConnection.open(port);
  await connection.send('question');
  const answered = connection.waitUntil(() => connection.receivedLength > 0, 'the answer', 50);
  holdUp(300); // the answer arrives meanwhile, and the 50 ms deadline passes
  await answered;
  expect(connection.received.toString()).toBe('answer');
  connection.close();
});

it('a wait with nothing to read still times out', async () => {
  const connection = await RawConnection.open(port);
  await expect(
    connection.waitUntil(() => connection.receivedLength > 0, 'an answer', 50),
  ).rejects.toThrow('timed out after 50 ms waiting for an answer');
  connection.close();
});
