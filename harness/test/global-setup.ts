// One folder per test run for the private copies of steps (mutants, edited htdocs) and the list
// of running servers, removed at the end: vitest's worker processes end without running exit
// handlers, so they cannot clean up. Servers of an earlier run that was killed are stopped first.
import { endRun, reapAbandonedRuns, startRun } from '../src/leftovers.ts';

export default function setup(): () => void {
  const stopped = reapAbandonedRuns();
  if (stopped > 0)
    console.log(`Stopped ${stopped} server(s) left running by a test run that was killed.`);
  const dir = startRun();
  process.env.HFS_COPIES_DIR = dir;
  return () => endRun(dir);
}
