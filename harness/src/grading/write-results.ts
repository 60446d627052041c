// Writes the result files a grading run was asked for (--junit, --json, --summary).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Points } from './points.ts';
import { junitXml, resultsJson, summaryMarkdown } from './results.ts';
import type { GradeResult } from './run.ts';

export interface ResultFiles {
  junit?: string;
  json?: string;
  summary?: string;
}

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function writeResults(files: ResultFiles, grade: GradeResult, points: Points): void {
  if (files.junit) write(files.junit, junitXml(grade));
  if (files.json) write(files.json, `${JSON.stringify(resultsJson(grade, points), null, 2)}\n`);
  if (files.summary) write(files.summary, summaryMarkdown(grade, points));
}

/** A results.json for a run that could not grade at all (status "error"). */
export function writeErrorResult(file: string, message: string, chapter: number | string): void {
  write(
    file,
    `${JSON.stringify({ version: 3, status: 'error', message, chapter, points: { earned: 0, possible: 0, chapters: [] }, tests: [] }, null, 2)}\n`,
  );
}
