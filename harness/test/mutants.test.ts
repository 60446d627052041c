// Every mutant fails the check that should catch it, and says why in words a learner can use.
// (That every real step passes those same checks is the matrix's job.)
import { describe, expect, it } from 'vitest';
import { mutants } from '../mutants/index.ts';
import { mutantTarget } from '../mutants/mutant.ts';
import { runCheck } from '../src/run-check.ts';
import { checkNamed } from '../src/spec.ts';

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
