// As the harness's: one folder per test run for the copies of steps the transcripts run in, and
// the list of their servers, removed at the end; servers of a killed run are stopped first.
import { endRun, reapAbandonedRuns, startRun } from '@hfs/harness/src/leftovers.ts';

export default function setup(): () => void {
  reapAbandonedRuns();
  const dir = startRun();
  process.env.HFS_COPIES_DIR = dir;
  return () => endRun(dir);
}
