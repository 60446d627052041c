// What a failing check tells the learner about their server: every instance's output, and the
// right check blamed when a server dies.
import { findStep } from '@hfs/tools/course.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { mutantNamed } from '../mutants/index.ts';
import { mutantTarget } from '../mutants/mutant.ts';
import { routingSpec } from '../specs/04-routing.ts';
import { notFoundSpec } from '../specs/05-404.ts';
import type { Launched } from '../src/launch.ts';
import { launchTarget, runCheck } from '../src/run-check.ts';
import { type Check, checkNamed } from '../src/spec.ts';
import { stepTarget } from '../src/targets.ts';

describe('failure reports', () => {
  let shared: Launched | undefined;
  afterAll(() => shared?.stop());

  it("show the output of an instance the check started itself (a copy), not only the shared one's", async () => {
    const target = mutantTarget(mutantNamed('dies-on-handler-error'));
    const check = checkNamed(
      routingSpec,
      'a handler that throws answers 500, and the server carries on',
    );
    const failure = await runCheck(check, target).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/Your server exited during this check/);
    expect(failure).toMatch(
      /another instance this check started \(1 of 1\)\) ---\n[\s\S]*\[your server\] Error: ELOOP/,
    );
  });

  it('a server that died in an earlier check does not fail the checks after it', async () => {
    const target = mutantTarget(mutantNamed('dies-on-malformed-request-line'));
    shared = await launchTarget(target);
    await expect(
      runCheck(checkNamed(notFoundSpec, 'a malformed request line answers 400'), target, shared),
    ).rejects.toThrow();
    await shared.exited;
    // The next check passes on a fresh instance, rather than blaming itself for the crash.
    await runCheck(
      checkNamed(notFoundSpec, 'a missing file answers 404 with htdocs/404.html'),
      target,
      shared,
    );
  });

  it('a fetch that timed out (a DOMException, whose message is read-only) is reported as itself', async () => {
    const target = stepTarget(findStep('02') ?? expect.unreachable('step 02'));
    const check: Check = {
      name: 'gives up on a fetch',
      async run() {
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      },
    };
    const failure = await runCheck(check, target).then(
      () => 'it passed',
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/^The operation was aborted due to timeout\n/);
    expect(failure).toContain("--- Your server's output");
  });
});
