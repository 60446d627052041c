// The tester is tested: what a learner sees when a check fails, compared with a saved fixture
// (`npx vitest run -u` rewrites it after a deliberate change; review the diff).
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { mutantNamed } from '../mutants/index.ts';
import { mutantTarget } from '../mutants/mutant.ts';
import { RawConnection, Transcript } from '../src/raw-client.ts';
import {
  curlCommand,
  escapeBytes,
  expectSameBytes,
  failureReport,
  ncCommand,
  ordinal,
} from '../src/report.ts';
import { runCheck } from '../src/run-check.ts';
import { checkNamed } from '../src/spec.ts';

/** Replaces what changes from run to run (ports, dates, temp folders) with fixed words. */
function normalise(report: string): string {
  return report
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/nc 127\.0\.0\.1 \d+/g, 'nc 127.0.0.1 PORT')
    .replace(/Date: [^\\\n]+GMT/g, 'Date: DATE')
    .replace(/\/tmp\/hfs-[\w-]+/g, '/tmp/COPY');
}

async function failureOf(mutantName: string): Promise<string> {
  const mutant = mutantNamed(mutantName);
  const check = checkNamed(mutant.caughtBy.spec, mutant.caughtBy.check);
  const error = await runCheck(check, mutantTarget(mutant)).then(
    () => new Error('the mutant passed'),
    (e: Error) => e,
  );
  return normalise(error.message);
}

describe('failure reports', () => {
  it('show the bytes each way, commands to repeat the request, and the server output', async () => {
    const report = await failureOf('content-length-counts-characters');
    expect(report).toContain('Content-Length says 224 but 229 bytes of body followed the head');
    expect(report).toContain('> GET / HTTP/1.1\\r\\n');
    expect(report).toContain('< Content-Length: 224\\r\\n');
    expect(report).toContain(
      "curl -v --http1.1 --path-as-is 'http://127.0.0.1:PORT/' -H 'Accept: */*' -H 'Connection: close'",
    );
    expect(report).toContain(
      "printf 'GET / HTTP/1.1\\r\\nHost: localhost\\r\\nAccept: */*\\r\\nConnection: close\\r\\n\\r\\n' | nc 127.0.0.1 PORT",
    );
    expect(report).toContain('[your server] Request from 127.0.0.1:PORT:');
    await expect(report).toMatchFileSnapshot('fixtures/content-length-report.txt');
  });

  it('say when the response head has bare \\n line ends, rather than that it was cut short', async () => {
    const report = await failureOf('bare-lf-line-ends');
    expect(report).toMatch(
      /^the response's status line uses bare \\n line ends instead of \\r\\n: "HTTP\/1\.1 200 OK\\n"/,
    );
    expect(report).not.toContain('before the response was complete');
    // The caret sits under the \n that should have been \r\n.
    expect(report).toContain(
      '< HTTP/1.1 200 OK\\n\n                 ^ the first wrong byte\n< Content-Type: text/html; charset=utf-8\\n\n',
    );
    await expect(report).toMatchFileSnapshot('fixtures/bare-lf-report.txt');
  });

  it('say who closed the connection: the server, or the check after a response', async () => {
    // A server that answers Connection: close but has not closed yet when the check is done.
    const server = net.createServer((socket) => {
      socket.once('data', () =>
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    try {
      const transcript = new Transcript();
      const closedByCheck = await RawConnection.open(port, '127.0.0.1', transcript);
      await closedByCheck.send('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await closedByCheck.readResponse();
      closedByCheck.close();
      const stillOpen = await RawConnection.open(port, '127.0.0.1', transcript);
      const report = failureReport({ transcript, serverOutput: '', serverDescription: 'test' });
      const [first, second] = report.split('--- What went over connection 2 of 2');
      expect(first).toContain('(the check closed the connection, before the server did)');
      expect(first).not.toContain('still open');
      expect(second).toContain('(the connection was still open)');
      stillOpen.close();
    } finally {
      server.close();
    }
  });

  it('say when the server died during the check', async () => {
    const report = await failureOf('dies-on-reset');
    expect(report).toContain('the server is no longer running (exit code 1)');
    expect(report).toContain('[your server] node:events');
    expect(report).toContain('Error: read ECONNRESET');
  });
});

describe('escaping and commands', () => {
  it('writes ordinals as English does: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st', () => {
    expect([1, 2, 3, 4, 10, 11, 12, 13, 20, 21, 22, 23, 101, 111, 112, 113].map(ordinal)).toEqual([
      '1st',
      '2nd',
      '3rd',
      '4th',
      '10th',
      '11th',
      '12th',
      '13th',
      '20th',
      '21st',
      '22nd',
      '23rd',
      '101st',
      '111th',
      '112th',
      '113th',
    ]);
  });

  it('escapes CR, LF, tab, backslash and non-ASCII bytes so a missing \\r shows', () => {
    expect(escapeBytes(Buffer.from('a\r\n\tb\\\0\xff', 'latin1'))).toBe(
      'a\\r\\n\\tb\\\\\\x00\\xff',
    );
  });

  it('builds an nc command that sends the exact bytes, quotes and % included', () => {
    expect(ncCommand(Buffer.from("GET /100% it's\r\n"), 'localhost', 8080)).toBe(
      "printf 'GET /100%% it'\\''s\\r\\n' | nc localhost 8080",
    );
  });

  it('builds a curl command only for a well-formed request', () => {
    expect(
      curlCommand(
        Buffer.from('HEAD /x?y=1 HTTP/1.1\r\nHost: h\r\nX-A: b\r\n\r\n'),
        '127.0.0.1',
        80,
      ),
    ).toBe("curl -v --http1.1 --head --path-as-is 'http://127.0.0.1:80/x?y=1' -H 'X-A: b'");
    expect(curlCommand(Buffer.from('\x16\x03\x01garbage'), '127.0.0.1', 80)).toBeUndefined();
  });

  it('puts a caret under the first byte that differs', () => {
    expect(() =>
      expectSameBytes(Buffer.from('Hello, world'), Buffer.from('Hello, World'), 'the echo'),
    ).toThrow(
      'the echo: first difference at byte 7\n  expected: Hello, World\n  received: Hello, world\n                   ^',
    );
  });
});
