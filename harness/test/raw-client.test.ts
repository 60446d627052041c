// The raw client's own promises to the checks built on it, against stand-in servers in this
// process: what a check reports when the server does not do its part.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { RawConnection } from '../src/raw-client.ts';

/** A server that accepts connections and never reads from them. */
async function neverReads(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.pause());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

describe('RawConnection.send', () => {
  it('with stallMs, fails with what went out when the server stops reading', async () => {
    const server = await neverReads();
    const { port } = server.address() as net.AddressInfo;
    const connection = await RawConnection.open(port);
    try {
      // 16 MiB: more than the two sockets' kernel buffers on loopback hold.
      const sending = connection.send(Buffer.alloc(16 * 1024 * 1024), { stallMs: 300 });
      await expect(sending).rejects.toThrow(
        /^the server stopped reading: \d+ of the 16777216 bytes went out, then none for 0\.3 s/,
      );
    } finally {
      connection.close();
      server.close();
    }
  });
});
