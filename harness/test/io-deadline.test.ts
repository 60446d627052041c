// A wait on I/O whose answer came while the event loop was held up (a busy machine, a long
// synchronous step of a neighbouring check) resolves, rather than timing out with the answer in
// the kernel's buffer: a loaded CI run failed checks that way.
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RawConnection } from '../src/raw-client.ts';

/** Answers `answer` to any bytes, from a process of its own: it must answer while this one is held up. */
const SERVER = `
const marker = process.argv[1];
const server = require('node:net').createServer((socket) =>
  socket.on('data', () => socket.end('answer', () => require('node:fs').writeFileSync(marker, ''))),
);
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
`;
const marker = join(mkdtempSync(join(tmpdir(), 'hfs-io-deadline-')), 'answered');

let server: ChildProcess;
let port = 0;

beforeAll(async () => {
  server = spawn(process.execPath, ['-e', SERVER, marker], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(server.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  port = Number(chunk.toString());
});

afterAll(() => {
  server.kill();
  rmSync(dirname(marker), { recursive: true, force: true });
});

/**
 * Keeps this thread busy (no timer, no I/O runs meanwhile) for at least `ms`, and until the server
 * has written its answer, which is then in this side's kernel buffer: however slowly a loaded
 * machine runs the server, the answer is there, unread, when the deadline has passed.
 */
function holdUp(ms: number): void {
  const until = Date.now() + ms;
  const giveUp = Date.now() + 20_000;
  while ((Date.now() < until || !existsSync(marker)) && Date.now() < giveUp) {
    // busy
  }
}

it('a wait whose bytes arrived while the event loop was held up past its deadline resolves', async () => {
  const connection = await RawConnection.open(port);
  try {
    await connection.send('question');
    const answered = connection.waitUntil(() => connection.receivedLength > 0, 'the answer', 50);
    holdUp(300); // the answer arrives meanwhile, and the 50 ms deadline passes
    await answered;
    expect(connection.received.toString()).toBe('answer');
  } finally {
    connection.close();
  }
});

it('a wait with nothing to read still times out', async () => {
  const connection = await RawConnection.open(port);
  try {
    await expect(
      connection.waitUntil(() => connection.receivedLength > 0, 'an answer', 50),
    ).rejects.toThrow('timed out after 50 ms waiting for an answer');
  } finally {
    connection.close();
  }
});
