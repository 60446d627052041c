// npm run docs:serve: the course's own site, built by VitePress and served by the course's own
// server, the newest step, with HTDOCS pointing at the build. A real site nobody here wrote (its
// modules, CSS, fonts, clean URLs) is the best test of a static file server.
//   npm run docs:serve [-- --step NN]     PORT and HOST as for any step (default 8080)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findStep, newestStep, repoRoot, type Step } from './course.ts';

/** Where `vitepress build` puts the site by default. */
export const siteDir = join(repoRoot, 'docs', '.vitepress', 'dist');

/** Runs `vitepress build` of docs/ into outDir; rejects with its output when it fails. */
export function buildSite(outDir = siteDir): Promise<void> {
  return new Promise((resolve, reject) => {
    const vitepress = join(repoRoot, 'node_modules', '.bin', 'vitepress');
    const child = spawn(vitepress, ['build', 'docs', '--outDir', outDir], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`vitepress build failed (${code}):\n${output}`)),
    );
  });
}

/** The command and environment that serve outDir with a step. */
export function serveCommand(step: Step, outDir = siteDir) {
  return {
    command: [process.execPath, '--import', 'tsx', join(step.dir, 'src', 'server.ts')],
    env: { ...process.env, HTDOCS: outDir },
  };
}

async function main(): Promise<number> {
  const index = process.argv.indexOf('--step');
  const name = index === -1 ? undefined : process.argv[index + 1];
  const step = name ? findStep(name) : newestStep();
  if (!step) {
    console.error(`No step called "${name}". Usage: npm run docs:serve [-- --step NN]`);
    return 1;
  }
  console.log(`Building the site into ${siteDir} ...`);
  try {
    await buildSite();
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  console.log(`Serving it with ${step.name} (HTDOCS=${siteDir}); Ctrl-C stops it.`);
  const { command, env } = serveCommand(step);
  const [program = process.execPath, ...args] = command;
  const server = spawn(program, args, { cwd: repoRoot, env, stdio: 'inherit' });
  // Ctrl-C reaches the server too (same terminal, same process group): wait for it to stop. A
  // SIGTERM is for us alone: pass it on.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => server.kill('SIGTERM'));
  return new Promise((resolve) => server.on('close', (code) => resolve(code ?? 0)));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main();
