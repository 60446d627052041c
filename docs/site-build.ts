// One build of the site per docs test run, shared by every test that opens its pages: the global
// setup starts it, in the background, so that the transcripts replay meanwhile; a test that needs
// the pages waits for it with siteDir(). `vitepress build` into a folder of the run's own, so that
// a build the reader made (docs/.vitepress/dist) is left alone.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, watch, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { repoRoot } from '@hfs/tools/course.ts';

const BUILD_TIMEOUT_MS = 180_000;

interface BuildResult {
  ok: boolean;
  output: string;
}

/** Starts `vitepress build` into `outDir`; writes `outDir.done` with the result when it ends. */
export function startSiteBuild(outDir: string): ChildProcess {
  const bin = join(repoRoot, 'node_modules', '.bin', 'vitepress');
  const child = spawn(bin, ['build', 'docs', '--outDir', outDir], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  // Written aside and renamed into place: a watcher must never read a half-written result.
  const finish = (result: BuildResult) => {
    writeFileSync(`${outDir}.writing`, JSON.stringify(result));
    renameSync(`${outDir}.writing`, `${outDir}.done`);
  };
  child.on('error', (error) => finish({ ok: false, output: error.message }));
  child.on('close', (code) => finish({ ok: code === 0, output }));
  return child;
}

/** The built site's folder, once the build has ended; throws with its output if it failed. */
export async function siteDir(): Promise<string> {
  const outDir = process.env.HFS_SITE_DIR;
  if (!outDir) throw new Error('no site build: run the docs tests through their vitest config');
  if (process.env.HFS_SITE_PREBUILT) return outDir;
  const done = `${outDir}.done`;
  await new Promise<void>((resolve, reject) => {
    const watcher = watch(dirname(done), (_event, name) => {
      if (name === basename(done) && existsSync(done)) finish();
    });
    const timer = setTimeout(() => {
      watcher.close();
      reject(new Error(`the site build did not end within ${BUILD_TIMEOUT_MS} ms`));
    }, BUILD_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(timer);
      watcher.close();
      resolve();
    };
    if (existsSync(done)) finish();
  });
  const result = JSON.parse(readFileSync(done, 'utf8')) as BuildResult;
  if (!result.ok) throw new Error(`vitepress build failed:\n${result.output}`);
  return outDir;
}
