// Every mutant, from every chapter. The mutant test runs each against the check that must catch it.

import { mutants as chapter06 } from './chapter-06.ts';
import { mutants as chapters01to03 } from './chapters-01-03.ts';
import { mutants as chapters04to05 } from './chapters-04-05.ts';
import type { Mutant } from './mutant.ts';

export const mutants: Mutant[] = [...chapters01to03, ...chapters04to05, ...chapter06];
