// Bad input, for every step: whatever one client sends or does, the server answers or closes,
// and the next client is served.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { RawConnection } from '../src/raw-client.ts';
import type { CheckContext, Spec } from '../src/spec.ts';

/** Resolves once the server has answered something or closed the connection. */
async function answersOrCloses(connection: RawConnection, what: string) {
  await connection.waitUntil(
    () => connection.receivedLength > 0 || connection.ended || connection.closed,
    `the server to answer or close after ${what}`,
    5000,
  );
}

/**
 * From chapter 5 on, a refused request is told why: reads the response after answersOrCloses and
 * expects `status` (`reason`, its reason phrase, for the message). Before chapter 5, nothing.
 */
async function expectStatusFromChapter5(
  t: CheckContext,
  connection: RawConnection,
  status: number,
  reason: string,
  what: string,
): Promise<void> {
  if (t.target.chapter < 5) return;
  const response = await connection.readResponse().catch((error: Error) => {
    throw new Error(`${what} should be answered ${status} ${reason}: ${error.message}`);
  });
  expect(response.status, `${what}: ${status}`).toBe(status);
}

export const badInputSpec: Spec = {
  id: 'bad-input',
  title: 'bad input',
  from: 1,
  contract: true,
  checks: [
    {
      name: 'a client that resets mid-request does not stop the server',
      async run(t) {
        const connection = await t.connect();
        await connection.send('GET / HTTP/1.1\r\nHost: loc');
        // Reset only once the server is reading this connection (a reset that arrives before the
        // server has accepted it never reaches the server's code). Once a later client has been
        // answered, the server has accepted and read this one, which came first.
        await t.stillServes();
        connection.reset();
        // Twice: the server may see the reset and the next client in the same turn of its event
        // loop and answer that client before the reset's error reaches it.
        await t.stillServes();
        await t.stillServes();
      },
    },
    {
      name: 'a client that sends half a head and leaves does not stop the server',
      async run(t) {
        const connection = await t.connect();
        await connection.send('GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: half');
        connection.close();
        await t.stillServes();
      },
    },
    {
      name: 'garbage bytes get an answer or a close, and the server carries on',
      async run(t) {
        const connection = await t.connect();
        const garbage = Buffer.concat([
          randomBytes(4096),
          Buffer.from('\0\xff\r\n\n\r\r\n\r\n', 'latin1'),
        ]);
        await connection.send(garbage);
        if (t.server.scheme === 'tcp') connection.halfClose(); // an echo server answers when we are done
        await answersOrCloses(connection, '4 KiB of garbage');
        await expectStatusFromChapter5(t, connection, 400, 'Bad Request', '4 KiB of garbage');
        await t.stillServes();
      },
    },
    {
      name: 'a 20 KiB request head is refused without waiting for more (limit 16 KiB)',
      async run(t) {
        const connection = await t.connect();
        const head = `GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}`;
        await connection.send(head);
        if (t.server.scheme === 'tcp') {
          connection.halfClose(); // an echo server has no heads: it echoes
          expect((await connection.readUntilClose()).length).toBe(head.length);
        } else {
          // The head is not finished and never will be: a server that keeps waiting holds 20 KiB
          // (or any amount) of it in memory.
          await answersOrCloses(connection, '20 KiB of unfinished head');
          const tooLarge = 'Request Header Fields Too Large';
          await expectStatusFromChapter5(t, connection, 431, tooLarge, 'a head over 16 KiB');
        }
        await t.stillServes();
      },
    },
    {
      name: '200 clients at once are all served',
      expensive: true,
      timeoutMs: 30_000,
      async run(t) {
        const request = t.server.scheme === 'tcp' ? 'ping' : 'GET / HTTP/1.1\r\nHost: x\r\n\r\n';
        const connections = await Promise.all(Array.from({ length: 200 }, () => t.connect()));
        await Promise.all(connections.map((c) => c.send(request)));
        if (t.server.scheme === 'tcp') for (const c of connections) c.halfClose();
        const results = await Promise.allSettled(connections.map((c) => c.readUntilClose(15_000)));
        const failed = results.filter(
          (r) => r.status === 'rejected' || r.value.length === 0,
        ).length;
        expect(failed, `${failed} of 200 simultaneous clients got nothing back`).toBe(0);
        await t.stillServes();
      },
    },
  ],
};
