import { expect, it } from 'vitest';
import { DOTFILE_SPELLINGS, OUTSIDE_SPELLINGS, traversalSpec } from '../specs/traversal.ts';
import { runSpec } from '../src/matrix.ts';

runSpec(traversalSpec);

it('every traversal spelling is tried once: the counts in the check names are true', () => {
  for (const spellings of [OUTSIDE_SPELLINGS, DOTFILE_SPELLINGS]) {
    const repeated = spellings.filter((s, i) => spellings.indexOf(s) !== i);
    expect(repeated).toEqual([]);
  }
});
