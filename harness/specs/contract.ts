// The step contract: what every step does, whatever its chapter (how it starts, where it listens,
// how it stops).

import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import { runToExit } from '../src/launch.ts';
import type { Spec } from '../src/spec.ts';

export const contractSpec: Spec = {
  id: 'contract',
  title: 'the step contract',
  from: 1,
  contract: true,
  checks: [
    {
      name: 'a port in use: one clear line on stderr naming the port, exit code 1, no stack trace',
      expensive: true, // each starts a server of its own
      async run(t) {
        const busyPort = t.server.port;
        const { exit, stdout, stderr } = await runToExit({
          cwd: t.target.cwd,
          command: t.target.command,
          env: t.target.env,
          port: busyPort,
        });
        expect(
          exit.code,
          `started on a port in use (${busyPort}), the server should exit with code 1`,
        ).toBe(1);
        const lines = stderr.trim().split('\n').filter(Boolean);
        expect(lines.length, `stderr should be one line, not:\n${stderr}`).toBe(1);
        expect(lines[0], 'the line should name the port').toContain(String(busyPort));
        expect(lines[0], 'the line should say how to pick another port (PORT=...)').toMatch(
          /PORT=/,
        );
        expect(`${stdout}\n${stderr}`, 'no stack trace').not.toMatch(/^\s+at /m);
      },
    },
    {
      name: 'SIGTERM stops it with exit code 0, even with a client connected',
      expensive: true, // each starts a server of its own
      fresh: true,
      async run(t) {
        const idle = await t.connect();
        await idle.send('GET / HT'); // a client in the middle of something
        const exit = await t.server.stop('SIGTERM');
        expect(exit, 'after SIGTERM the server should exit by itself with code 0').toEqual({
          code: 0,
          signal: null,
        });
      },
    },
    {
      name: 'Ctrl-C (SIGINT) stops it with exit code 0',
      expensive: true, // each starts a server of its own
      fresh: true,
      async run(t) {
        const exit = await t.server.stop('SIGINT');
        expect(exit, 'after Ctrl-C the server should exit by itself with code 0').toEqual({
          code: 0,
          signal: null,
        });
      },
    },
    {
      name: 'listens on HOST',
      expensive: true, // each starts a server of its own
      async run(t) {
        const server = await t.launch({ env: { HOST: '127.0.0.2' } });
        expect(server.host, 'the Listening line should show HOST').toBe('127.0.0.2');
        const connection = await t.connect(server);
        expect(connection.socket.remoteAddress, 'and it should accept connections there').toBe(
          '127.0.0.2',
        );
      },
    },
  ],
};

export const htdocsSpec: Spec = {
  id: 'htdocs',
  title: 'htdocs next to the source',
  from: 3,
  contract: true,
  checks: [
    {
      name: 'finds htdocs/ whatever the current directory is',
      expensive: true,
      async run(t) {
        const elsewhere = await t.launch({ cwd: tmpdir() });
        const { response } = await t.get('/');
        const { response: fromElsewhere } = await t.get('/', [], elsewhere);
        expect(
          fromElsewhere.status,
          'started from another folder, the server should still serve its page',
        ).toBe(200);
        expect(fromElsewhere.body.equals(response.body), 'and the same page').toBe(true);
      },
    },
  ],
};
