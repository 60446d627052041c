// Starts a child that keeps the port, as a server with a worker process, or a wrapper, does; on
// SIGTERM it exits and leaves the child, which ignores SIGTERM, serving. How the child escapes:
//   group    it stays in our process group
//   setsid   it starts a session (and a process group) of its own
//   daemon   it starts a grandchild in a session of its own and exits (a daemon's double fork):
//            the grandchild, reparented to init, keeps the port
//   no-env   it starts a session of its own with an empty environment (nothing inherited)
// Every process prints "pid N (role)". Usage: forks.mjs MODE [TAG]
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { answer, listen, sayListening } from './server.mjs';

const [mode, tag = '', role = 'parent'] = process.argv.slice(2);
const self = fileURLToPath(import.meta.url);
console.log(`pid ${process.pid} (${role})`);

/** Starts the next process of the chain and hands it the listening socket. */
function handOn(server, nextRole, options) {
  return new Promise((resolve) => {
    const next = fork(self, [mode, tag, nextRole], options);
    next.on('message', (message) => message === 'serving' && resolve(next));
    next.send('server', server);
  });
}

const childOptions = {
  group: {},
  setsid: { detached: true },
  daemon: { detached: true },
  'no-env': { detached: true, env: {} },
}[mode];

if (role === 'parent') {
  const server = await listen(); // it answers, and so does the child, on the same socket
  const child = await handOn(server, 'child', childOptions);
  // A daemon's launcher is gone before it says it is ready: the grandchild is init's already.
  if (mode === 'daemon' && child.exitCode === null) await new Promise((r) => child.once('exit', r));
  process.on('SIGTERM', () => process.exit(0));
  sayListening(server.address().port);
} else {
  process.on('SIGTERM', () => console.log(`${role}: SIGTERM? no.`));
  process.on('message', async (message, server) => {
    if (message !== 'server') return;
    if (mode === 'daemon' && role === 'child') {
      await handOn(server, 'grandchild', { detached: true });
      process.send('serving', () => process.exit(0));
      return;
    }
    server.on('connection', answer);
    process.send('serving');
  });
}
