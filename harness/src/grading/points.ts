// Points: each chapter is worth its number of checks (a point a check), or what a teacher's
// weights file says ({"1": 10, "2": 20, ...}: chapter -> points, split evenly over its checks).
// A skipped check earns nothing and costs nothing: a chapter's points count the checks that ran.
import { readFileSync } from 'node:fs';
import type { ChapterResult, GradeResult } from './run.ts';
import { counts } from './run.ts';

export type Weights = Record<string, number>;

export interface ChapterPoints {
  chapter: number;
  earned: number;
  possible: number;
}

export interface Points {
  earned: number;
  possible: number;
  chapters: ChapterPoints[];
}

/** Reads and checks a weights file; throws one line naming what is wrong. */
export function readWeights(file: string): Weights {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read the weights file ${file}: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error(`the weights file ${file} should hold an object like {"1": 10, "2": 20}`);
  for (const [chapter, points] of Object.entries(parsed)) {
    if (!/^\d+$/.test(chapter) || typeof points !== 'number' || !(points >= 0))
      throw new Error(
        `the weights file ${file}: "${chapter}": ${JSON.stringify(points)} should be a chapter number and the points it is worth`,
      );
  }
  return parsed as Weights;
}

function chapterPoints(chapter: ChapterResult, weights?: Weights): ChapterPoints {
  const { passed, failed } = counts(chapter.checks);
  const ran = passed + failed;
  const possible = weights?.[String(chapter.chapter)] ?? ran;
  const earned = ran === 0 ? 0 : Math.round((possible * passed * 100) / ran) / 100;
  return { chapter: chapter.chapter, earned, possible };
}

export function pointsOf(grade: GradeResult, weights?: Weights): Points {
  const chapters = grade.chapters.map((chapter) => chapterPoints(chapter, weights));
  const sum = (pick: (c: ChapterPoints) => number) =>
    Math.round(chapters.reduce((total, c) => total + pick(c), 0) * 100) / 100;
  return { earned: sum((c) => c.earned), possible: sum((c) => c.possible), chapters };
}
