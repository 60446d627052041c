// Chapter 1: an echo server. Every byte comes back unchanged, to the client that sent it.
import { createHash, randomBytes } from 'node:crypto';
import net from 'node:net';
import { expect } from 'vitest';
import { ioDeadline } from '../src/io-deadline.ts';
import { peakGrowth, peakMemoryOfTree } from '../src/process-memory.ts';
import { expectSameBytes, ordinal } from '../src/report.ts';
import type { CheckContext, Spec } from '../src/spec.ts';

/** Sends bytes, half-closes, and returns everything the server sent back before closing. */
async function echo(t: CheckContext, bytes: Buffer, pieceSize?: number): Promise<Buffer> {
  const connection = await t.connect();
  await connection.send(bytes, { pieceSize, stallMs: 10_000 });
  connection.halfClose();
  return connection.readUntilClose(10_000);
}

const MiB = 1024 * 1024;

/**
 * Streams `total` bytes through the echo server while reading the echo slowly, and resolves with
 * the SHA-256 of what came back. A server that honours backpressure stops reading from us while
 * we are slow to read from it; one that does not piles everything up in its own memory.
 */
function streamThroughSlowly(
  port: number,
  host: string,
  total: number,
): Promise<{ sent: string; received: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host, allowHalfOpen: true });
    const sentHash = createHash('sha256');
    const receivedHash = createHash('sha256');
    const block = randomBytes(MiB);
    let written = 0;
    let received = 0;
    let nextPause = MiB;
    // A server that stops reading or echoing fails after 10 s of nothing, not at the check's 60 s.
    let stalled = () => {};
    const progress = () => {
      stalled();
      stalled = ioDeadline(10_000, () => {
        socket.destroy();
        reject(
          new Error(
            `nothing moved for 10 s: ${written} bytes sent, ${received} echoed back (does the server read, and write back what it reads?)`,
          ),
        );
      });
    };
    const writeMore = () => {
      progress();
      while (written < total) {
        sentHash.update(block);
        written += block.length;
        if (!socket.write(block)) return void socket.once('drain', writeMore);
      }
      socket.end();
    };
    socket.on('connect', writeMore);
    socket.on('data', (chunk: Buffer) => {
      progress();
      receivedHash.update(chunk);
      received += chunk.length;
      if (received >= nextPause) {
        // A slow reader: 20 ms of rest after every MiB (about 50 MB/s).
        nextPause += MiB;
        socket.pause();
        setTimeout(() => socket.resume(), 20);
      }
    });
    socket.on('end', () => {
      stalled();
      socket.destroy();
      if (received !== total) reject(new Error(`sent ${total} bytes, got ${received} back`));
      else resolve({ sent: sentHash.digest('hex'), received: receivedHash.digest('hex') });
    });
    socket.on('error', (error) => {
      stalled();
      reject(error);
    });
  });
}

export const echoSpec: Spec = {
  id: '01-echo-tcp',
  title: 'echo over TCP',
  from: 1,
  until: 1,
  checks: [
    {
      name: 'echoes text unchanged',
      async run(t) {
        const bytes = Buffer.from('Hello, echo!\r\n');
        expectSameBytes(await echo(t, bytes), bytes, 'the echo');
      },
    },
    {
      name: 'echoes a single byte',
      async run(t) {
        expectSameBytes(await echo(t, Buffer.from('x')), Buffer.from('x'), 'the echo');
      },
    },
    {
      name: 'is binary-safe: every byte value, NUL and invalid UTF-8 included',
      async run(t) {
        const bytes = Buffer.concat([
          Buffer.from([0, 0xff, 0xfe, 0xc3, 0x28]),
          Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
        ]);
        expectSameBytes(await echo(t, bytes), bytes, 'the echo of binary data');
      },
    },
    {
      name: 'echoes 4 MiB sent in uneven pieces',
      async run(t) {
        const bytes = randomBytes(4 * MiB);
        expectSameBytes(await echo(t, bytes, 300_007), bytes, 'the echo of 4 MiB');
      },
    },
    {
      name: 'keeps its memory flat while streaming 64 MiB to a slow reader (backpressure)',
      fresh: true,
      timeoutMs: 60_000,
      async run(t) {
        if (process.platform !== 'linux') t.skip('measuring memory needs Linux /proc');
        // The whole process tree, not only the launched process: started through a wrapper
        // (npm start, npx tsx), the server is a child of the process we launched.
        const before = peakMemoryOfTree(t.server.pid);
        const hashes = await streamThroughSlowly(t.server.port, t.server.host, 64 * MiB);
        expect(hashes.received, 'the 64 MiB came back changed').toBe(hashes.sent);
        const growth = peakGrowth(before, peakMemoryOfTree(t.server.pid));
        // Measured on the course's step: about 30 MiB (buffers the garbage collector has not
        // reclaimed yet), started directly or through tsx; without backpressure: about 57-61 MiB,
        // nearly all of the stream.
        expect(
          growth,
          `the server's peak memory grew by ${(growth / MiB).toFixed(1)} MiB while echoing 64 MiB to a slow reader: it keeps reading while it cannot send (pause the socket when write() returns false)`,
        ).toBeLessThan(48 * MiB);
      },
    },
    {
      name: 'serves many clients at once, each only its own bytes, in any order',
      async run(t) {
        // Connect 20 clients, then have them talk in reverse order: a server that serves one
        // connection at a time is stuck waiting on the first, which says nothing yet.
        const connections = await Promise.all(Array.from({ length: 20 }, () => t.connect()));
        for (const [i, connection] of [...connections.entries()].reverse()) {
          const message = Buffer.from(`client ${i} says hello\n`);
          await connection.send(message);
          await connection.waitUntil(
            () => connection.receivedLength >= message.length,
            `client ${i} (connected ${ordinal(i + 1)} of 20, speaking ${ordinal(20 - i)}) to get its echo`,
            3000,
          );
          expectSameBytes(connection.received, message, `what client ${i} got back`);
        }
        for (const connection of connections) connection.halfClose();
      },
    },
    {
      name: 'sends what is left and closes when the client half-closes',
      async run(t) {
        const connection = await t.connect();
        await connection.send('last words');
        connection.halfClose();
        const echoed = await connection.readUntilClose(5000);
        expectSameBytes(echoed, Buffer.from('last words'), 'the echo after our half-close');
        expect(
          connection.ended,
          'the server should close its side once it has echoed everything',
        ).toBe(true);
      },
    },
    {
      name: 'logs each connection and disconnection',
      async run(t) {
        const connection = await t.connect();
        const port = connection.socket.localPort;
        await connection.send('hi');
        connection.halfClose();
        await connection.readUntilClose();
        // One line when the client connects, one when it leaves; both name it (its port will do).
        await t.server.waitForLines(new RegExp(`:${port}\\b`), 2, 5000).catch((error: Error) => {
          throw new Error(
            `expected a log line for the connection from port ${port} and one for its disconnection: ${error.message}`,
          );
        });
      },
    },
  ],
};
