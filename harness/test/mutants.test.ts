// Every mutant fails the check that should catch it, and says why in words a learner can use.
// (That every real step passes those same checks is the matrix's job.)
import { findStep } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import { mutantNamed, mutants } from '../mutants/index.ts';
import { mutantTarget } from '../mutants/mutant.ts';
import { echoSpec } from '../specs/01-echo-tcp.ts';
import { runCheck } from '../src/run-check.ts';
import { checkNamed } from '../src/spec.ts';
import { stepTarget, type Target } from '../src/targets.ts';

describe.concurrent('mutants', () => {
  for (const mutant of mutants) {
    const { spec, check, failsWith } = mutant.caughtBy;
    it(`${mutant.step}/${mutant.name} (${mutant.bug}) fails "${check}"`, {
      timeout: 60_000,
    }, async () => {
      const target = mutantTarget(mutant);
      await expect(
        runCheck(checkNamed(spec, check), target),
        'the mutant passed the check',
      ).rejects.toThrow(failsWith);
    });
  }
});

// `npx tsx src/server.ts` (or npm start) launches wrappers whose child process is the server: a
// check that measures the launched process would measure a wrapper, and pass any server.
describe.concurrent('the memory check, with the server started through npx tsx', () => {
  const backpressure = checkNamed(
    echoSpec,
    'keeps its memory flat while streaming 64 MiB to a slow reader (backpressure)',
  );
  const throughNpx = (target: Target): Target => ({
    ...target,
    name: `${target.name} (npx tsx)`,
    command: ['npx', 'tsx', 'src/server.ts'],
  });
  const step = findStep('01-echo-tcp');

  it('still catches echo-without-backpressure', { timeout: 60_000 }, async () => {
    const mutant = mutantTarget(mutantNamed('echo-without-backpressure'));
    await expect(runCheck(backpressure, throughNpx(mutant))).rejects.toThrow(/peak memory grew by/);
  });

  it("still passes the course's step 01", { timeout: 60_000 }, async () => {
    if (!step) throw new Error('no step 01-echo-tcp');
    await runCheck(backpressure, throughNpx(stepTarget(step)));
  });
});
