// npm run docs:update [-- 04]   rewrites the chapters' transcripts from a real run of their steps,
// as the Rust Book's update script does: every replayed block whose output no longer matches is
// replaced by what the step printed today (a block that matches is left as written, with its
// trims and dates). Review the result with `git diff docs/chapters` before you commit it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { findStep, listSteps } from '@hfs/tools/course.ts';
import { chapterFile, replayChapter } from './replay.ts';
import { describeDifference, rewrite } from './transcripts.ts';

async function main(args: string[]): Promise<number> {
  const steps = args.length > 0 ? args.map((a) => findStep(a)) : listSteps();
  if (steps.some((s) => s === undefined)) {
    console.error(`No step called "${args.join('", "')}". Usage: npm run docs:update [-- NN ...]`);
    return 1;
  }
  for (const step of steps) {
    if (!step) continue;
    const file = chapterFile(step);
    if (!existsSync(file)) {
      console.log(`${step.doc}: no chapter yet`);
      continue;
    }
    const markdown = readFileSync(file, 'utf8');
    const run = await replayChapter(step, markdown);
    for (const problem of run.problems) console.error(`${run.chapter}: ${problem}`);
    const stale = run.replayed.filter((r) => r.difference);
    for (const r of stale) {
      if (r.difference) console.log(describeDifference(run.chapter, r.segment, r.difference));
    }
    if (stale.length > 0) writeFileSync(file, rewrite(markdown, stale));
    console.log(`${run.chapter}: ${run.replayed.length} replayed, ${stale.length} rewritten`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
