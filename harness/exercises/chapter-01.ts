// Chapter 1's graded exercises: the echo server learns to change the bytes, and to say how they
// arrived.
import { expect } from 'vitest';
import { expectSameBytes } from '../src/report.ts';
import type { Exercise } from './exercise.ts';

/** What a client of the echo server sends in 1.1: letters, and bytes that are not letters. */
const MIXED = Buffer.concat([
  Buffer.from('Hello, echo! ça va? z{a`\n', 'utf8'),
  Buffer.from([0x00, 0xff, 0x80, 0x61]), // NUL, invalid UTF-8, then "a"
]);

/** MIXED with a to z upper-cased, byte by byte: what SHOUT=1 must send back. */
const SHOUTED = MIXED.map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte));

export const exercises: Exercise[] = [
  {
    id: '1.1',
    chapter: 1,
    title: 'Shout back',
    task: 'Started with SHOUT=1, the server sends every letter a to z back upper-cased and every other byte unchanged; without SHOUT it still echoes exactly.',
    checks: [
      {
        name: 'with SHOUT=1, a to z come back upper-cased and every other byte unchanged',
        async run(t) {
          const shouting = await t.launch({ env: { SHOUT: '1' } });
          const connection = await t.connect(shouting);
          await connection.send(MIXED);
          connection.halfClose();
          const echoed = await connection.readUntilClose();
          // Upper-casing a string (toUpperCase) also changes "ç" and mangles invalid UTF-8: the
          // caret shows the first byte that differs.
          expectSameBytes(Buffer.from(echoed), Buffer.from(SHOUTED), 'the echo with SHOUT=1');
        },
      },
      {
        name: 'without SHOUT, it still echoes every byte unchanged',
        async run(t) {
          const connection = await t.connect();
          await connection.send(MIXED);
          connection.halfClose();
          expectSameBytes(await connection.readUntilClose(), MIXED, 'the echo without SHOUT');
        },
      },
    ],
    hint: {
      expects:
        'With SHOUT=1, each byte from 0x61 (a) to 0x7a (z) goes back 0x20 lower (A to Z); every other byte, and every byte without SHOUT, goes back as it came.',
      chapter: 1,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'connection' },
    },
    solution: [
      {
        find: '// #endregion config\n',
        replace: `// #endregion config

// SHOUT=1 upper-cases the letters a to z, byte by byte: a chunk is bytes, not text, and may
// end in the middle of a UTF-8 character, so every other byte is left exactly as it came.
const SHOUT = process.env.SHOUT === '1';

function shout(chunk: Buffer): Uint8Array {
  return chunk.map((byte) => (byte >= 0x61 && byte <= 0x7a ? byte - 0x20 : byte));
}
`,
      },
      {
        find: 'const sentAtOnce = socket.write(chunk);',
        replace: 'const sentAtOnce = socket.write(SHOUT ? shout(chunk) : chunk);',
      },
    ],
  },
  {
    id: '1.2',
    chapter: 1,
    title: 'See the pieces',
    task: 'Log one line per data event, "Received N bytes from HOST:PORT", so that you can see how a stream arrives in chunks.',
    checks: [
      {
        name: 'logs "Received N bytes from HOST:PORT" for each chunk it reads',
        async run(t) {
          const connection = await t.connect();
          const client = `${connection.socket.localAddress}:${connection.socket.localPort}`;
          const logged = new RegExp(`Received (\\d+) bytes from ${client.replaceAll('.', '\\.')}$`);
          const from = t.server.mark();
          // Each piece is sent once the one before has come back, so that each is its own chunk.
          let expected = 0;
          for (const piece of ['abc', 'hello!']) {
            expected += piece.length;
            await connection.send(piece);
            await connection.waitUntil(
              () => connection.receivedLength >= expected,
              `the echo of "${piece}"`,
            );
          }
          const lines = await t.server.waitForLines(logged, 2, 3000, from).catch(() => {
            throw new Error(
              `the server should print "Received 3 bytes from ${client}", then "Received 6 bytes from ${client}" (one line per data event), but printed:\n${t.server.printed(from)}`,
            );
          });
          const counts = lines.map((line) => Number(logged.exec(line)?.[1]));
          expect(counts, 'the byte counts logged for "abc", then "hello!"').toEqual([3, 6]);
        },
      },
    ],
    hint: {
      expects:
        "Each 'data' event hands you one chunk, however the client split its bytes: print its length (chunk.length, in bytes) and who sent it, the client string the server already logs with Connected:.",
      chapter: 1,
      heading: 'The code',
      code: { file: 'src/server.ts', region: 'connection' },
    },
    solution: [
      {
        find: "  socket.on('data', (chunk) => {\n",
        replace: `  socket.on('data', (chunk) => {
    console.log(\`Received \${chunk.length} bytes from \${client}\`);
`,
      },
    ],
  },
];
