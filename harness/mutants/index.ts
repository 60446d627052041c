// Every mutant, from every chapter. The mutant test runs each against the check that must catch it.

import { mutants as chapter06 } from './chapter-06.ts';
import { mutants as chapter07 } from './chapter-07.ts';
import { mutants as chapter08 } from './chapter-08.ts';
import { mutants as chapters01to03 } from './chapters-01-03.ts';
import { mutants as chapters04to05 } from './chapters-04-05.ts';
import type { Mutant } from './mutant.ts';

export const mutants: Mutant[] = [
  ...chapters01to03,
  ...chapters04to05,
  ...chapter06,
  ...chapter07,
  ...chapter08,
];

/** A mutant by name, for the harness's own tests; throws if there is none. */
export function mutantNamed(name: string): Mutant {
  const mutant = mutants.find((m) => m.name === name);
  if (!mutant) throw new Error(`no mutant called ${name}`);
  return mutant;
}
