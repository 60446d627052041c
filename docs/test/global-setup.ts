// As the harness's: one folder per test run for the copies of steps the transcripts run in, and
// the list of their servers, removed at the end; servers of a killed run are stopped first. And
// the site, built once in that folder, in the background, for every test that opens its pages.
import { endRun, reapAbandonedRuns, startRun } from '@hfs/harness/src/leftovers.ts';
import { startSiteBuild } from '../site-build.ts';

export default function setup(): () => void {
  reapAbandonedRuns();
  const dir = startRun();
  process.env.HFS_COPIES_DIR = dir;
  // HFS_SITE_DIR already set: a site built beforehand is tested as it is (no build).
  if (process.env.HFS_SITE_DIR) process.env.HFS_SITE_PREBUILT = '1';
  process.env.HFS_SITE_DIR ??= `${dir}/site`;
  const build = process.env.HFS_SITE_PREBUILT
    ? undefined
    : startSiteBuild(process.env.HFS_SITE_DIR);
  return () => {
    if (build && build.exitCode === null && build.signalCode === null) build.kill('SIGKILL');
    endRun(dir);
  };
}
