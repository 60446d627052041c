// Hints for the step contract (harness/specs/contract.ts): how every step starts, where it listens,
// how it stops, and where it finds htdocs/. These are course rules, not RFC ones: no `rfc`.
import type { Hint } from './hint.ts';

export const contractHints: Record<string, Hint> = {
  'a-port-in-use-one-clear-line-on-stderr-naming-the-port-exit-code-1-no-stack-trace': {
    expects:
      "Started on a port that is already taken, the server prints exactly one line on stderr that names the port and says how to pick another (with PORT=...), prints no stack trace, and exits with code 1: handle the listening server's 'error' event (EADDRINUSE) instead of letting it throw.",
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'listen' },
  },
  'sigterm-stops-it-with-exit-code-0-even-with-a-client-connected': {
    expects:
      'On SIGTERM the server exits by itself with code 0 even while a client is connected halfway through a request: stop listening and close the connections still open, since server.close() alone waits for them forever.',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'shutdown' },
  },
  'ctrl-c-sigint-stops-it-with-exit-code-0': {
    expects:
      'On Ctrl-C (SIGINT) the server exits by itself with code 0, not killed by the signal: listen for SIGINT as well as SIGTERM and shut down the same way.',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'shutdown' },
  },
  'listens-on-host': {
    expects:
      'Started with HOST=127.0.0.2, the server listens on that address, shows it in its Listening line, and accepts connections there: read HOST from the environment (default 127.0.0.1) and pass it to listen().',
    chapter: 1,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'config' },
  },
};

export const htdocsHints: Record<string, Hint> = {
  'finds-htdocs-whatever-the-current-directory-is': {
    expects:
      'Started from another folder (the system temporary folder), the server serves the same page as when started from its own: find htdocs/ next to the source file (new URL("../htdocs/", import.meta.url)), not in the current directory.',
    chapter: 3,
    heading: 'The code',
    code: { file: 'src/server.ts', region: 'htdocs' },
  },
};
