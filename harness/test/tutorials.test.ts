// The tutorials' servers as learners: each Python server from harness/tutorials/, graded against
// its chapter, fails first where a learner who followed the tutorial would, with a message that
// says why; and each fails the check that is its chapter's lesson.
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { helloHttpSpec } from '../specs/02-hello-http.ts';
import { indexHtmlSpec } from '../specs/03-index-html.ts';
import { routingSpec } from '../specs/04-routing.ts';
import { notFoundSpec } from '../specs/05-404.ts';
import { htdocsSpec } from '../specs/contract.ts';
import { OUTSIDE_HTDOCS_CHECK, traversalSpec } from '../specs/traversal.ts';
import { RawConnection, requestHead } from '../src/raw-client.ts';
import { launchTarget, runCheck } from '../src/run-check.ts';
import { type Check, checkNamed, checksFor, type Spec } from '../src/spec.ts';
import type { Target } from '../src/targets.ts';
import { tutorialTarget, tutorialTargets } from '../tutorials/index.ts';

interface Failure {
  check: string;
  message: string;
}

/** The message of every chapter check that fails on a bare-LF head: where to start. */
const BARE_LF = (statusLine: string) =>
  new RegExp(
    `the response's status line uses bare \\\\n line ends instead of \\\\r\\\\n: "${statusLine.replaceAll('.', '\\.')}\\\\n"`,
  );

/** Runs the chapter's own specs' checks in order on one instance, up to the first that fails. */
async function firstFailure(specs: Spec[], target: Target): Promise<Failure | undefined> {
  const server = await launchTarget(target);
  try {
    for (const spec of specs) {
      for (const check of checksFor(spec, target.chapter)) {
        const failed = await failureOf(check, target, check.fresh ? undefined : server);
        if (failed) return failed;
      }
    }
    return undefined;
  } finally {
    await server.stop();
  }
}

function rejectAfter(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms).unref(),
  );
}

async function failureOf(
  check: Check,
  target: Target,
  shared?: Awaited<ReturnType<typeof launchTarget>>,
): Promise<Failure | undefined> {
  return runCheck(check, target, shared).then(
    () => undefined,
    (error: Error) => ({ check: check.name, message: error.message }),
  );
}

const python = spawnSync('python3', ['--version']).status === 0;

describe.skipIf(!python && !process.env.CI).concurrent("the tutorials' servers, graded", () => {
  it('there is one for each of chapters 2 to 5', () => {
    expect(tutorialTargets().map((t) => t.chapter)).toEqual([2, 3, 4, 5]);
  });

  it('chapter 2 (one recv, "HTTP/1.0 200 OK\\n\\nHello World") fails first on its bare LF line ends, and the report shows no Content-Length', {
    timeout: 30_000,
  }, async () => {
    const failure = await firstFailure([helloHttpSpec], tutorialTarget(2));
    expect(failure?.check).toBe('answers HTTP/1.1 200 OK with CRLF line ends');
    expect(failure?.message).toMatch(BARE_LF('HTTP/1.0 200 OK'));
    // The report shows what it received, whole: a status line, no header at all (so no
    // Content-Length), the empty line, the body, then the close.
    expect(failure?.message).toMatch(
      /^< HTTP\/1\.0 200 OK\\n\n.*\n< \\n\n< Hello World\n {2}\(the server closed the connection\)$/m,
    );
    expect(failure?.message).not.toMatch(/content-length/i);
  });

  it('chapter 3 (open("htdocs/index.html")) fails first on its line ends, and cannot find its page from another folder', {
    timeout: 30_000,
  }, async () => {
    const target = tutorialTarget(3);
    const failure = await firstFailure([indexHtmlSpec, htdocsSpec], target);
    expect(failure?.check).toBe('every path gets the bytes of htdocs/index.html');
    expect(failure?.message).toMatch(BARE_LF('HTTP/1.0 200 OK'));
    // The chapter's check for it ("finds htdocs/ whatever the current directory is") fails on the
    // line ends first, so this is the bug itself: started from another folder, the server's
    // open() raises FileNotFoundError at the first request, and the server stops.
    const elsewhere = await launchTarget(target, { cwd: tmpdir() });
    try {
      const connection = await RawConnection.open(elsewhere.port, elsewhere.host);
      await connection.send(requestHead('GET', '/', elsewhere.authority));
      await connection.readUntilClose().finally(() => connection.close());
      await Promise.race([elsewhere.closed, rejectAfter(5000, 'the server to stop')]);
      expect(elsewhere.exit?.code, 'the server stopped with an error').toBe(1);
      expect(elsewhere.printed()).toMatch(
        /FileNotFoundError: \[Errno 2\] No such file or directory: 'htdocs\/index\.html'/,
      );
    } finally {
      await elsewhere.stop();
    }
  });

  it("chapter 4 (open('htdocs' + filename)) fails first on its line ends, and serves ../secret.txt", {
    timeout: 60_000,
  }, async () => {
    const target = tutorialTarget(4);
    const failure = await firstFailure([routingSpec, traversalSpec], target);
    expect(failure?.check).toBe(
      'the request line chooses the file: / and /ipsum.html are different pages',
    );
    expect(failure?.message).toMatch(BARE_LF('HTTP/1.0 200 OK'));
    const traversal = await failureOf(checkNamed(traversalSpec, OUTSIDE_HTDOCS_CHECK), target);
    expect(traversal?.message).toMatch(
      /GET \/\.\.\/secret\.txt: the answer holds a planted secret: the file was served/,
    );
  });

  it('chapter 5 (FileNotFoundError caught, listen(1)) fails first on its 404 line ends, and serves one client at a time', {
    timeout: 60_000,
  }, async () => {
    const target = tutorialTarget(5);
    const failure = await firstFailure([notFoundSpec], target);
    expect(failure?.check).toBe('a missing file answers 404 with htdocs/404.html');
    expect(failure?.message).toMatch(BARE_LF('HTTP/1.0 404 NOT FOUND'));
    const concurrent = await failureOf(
      checkNamed(helloHttpSpec, 'serves clients concurrently, in any order'),
      target,
    );
    // Its backlog of one fills while the first client is silent: the others cannot even connect.
    expect(concurrent?.message).toMatch(
      /could not connect to 127\.0\.0\.1:\d+ within \d+ ms|client \d+ of 10 .* got no response/,
    );
  });
});
