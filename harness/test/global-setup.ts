// One folder per test run for the private copies of steps (mutants, edited htdocs), removed at the
// end: vitest's worker processes end without running exit handlers, so they cannot clean up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'hfs-run-'));
  process.env.HFS_COPIES_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
