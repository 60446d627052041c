// What the harness can test: a course step, or any command in any folder (a mutant, a student's
// own server).
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot, type Step } from '@hfs/tools/course.ts';

export interface Target {
  /** How reports name it, e.g. "02-hello-http". */
  name: string;
  cwd: string;
  command: string[];
  env?: Record<string, string>;
  /** A fixed port, for servers that do not print a Listening line; omitted: PORT=0. */
  port?: number;
  /** The chapter whose behaviour it should have. */
  chapter: number;
}

// tsx by absolute URL, so that a copy of a step outside the repo (a mutant) still finds it.
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/** Runs a TypeScript entry the fast way: one node process with tsx's loader. */
export function tsCommand(entry: string): string[] {
  return [process.execPath, '--import', tsxLoader, entry];
}

/** A step, started by absolute path so that it can also be started from another folder. */
export function stepTarget(step: Step): Target {
  return {
    name: step.name,
    cwd: step.dir,
    command: tsCommand(join(step.dir, 'src', 'server.ts')),
    chapter: step.chapter,
  };
}

/**
 * A command with every argument that names an existing file under `cwd` made absolute, so that it
 * starts the same program from any folder (a check starts the server from another one to prove it
 * finds its files next to its source): `python3 server.py` becomes `python3 /abs/dir/server.py`.
 * Flags (`-m`, `--import=x`) and words that name no file (`start`, `python3`) are left alone; the
 * program itself only when it is a path (`./server`), since a bare name is looked up in PATH.
 * Node's `--import tsx` becomes the course's tsx by absolute URL, for the same reason.
 */
export function absoluteCommand(command: string[], cwd: string): string[] {
  const isFileUnderCwd = (part: string) => {
    try {
      return !isAbsolute(part) && statSync(resolve(cwd, part)).isFile();
    } catch {
      return false; // no such file (ENOENT, ENOTDIR, ENAMETOOLONG): not a path, then
    }
  };
  return command.map((part, index) => {
    // `node --import tsx`: tsx is looked up from the current folder, which the htdocs check
    // changes; the course's own tsx, by absolute URL, works from anywhere.
    if (part === '--import=tsx') return `--import=${tsxLoader}`;
    if (part === 'tsx' && command[index - 1] === '--import') return tsxLoader;
    if (part.startsWith('-')) return part;
    if (index === 0 && !part.includes('/')) return part;
    return isFileUnderCwd(part) ? resolve(cwd, part) : part;
  });
}

export interface Patch {
  /** File inside the target's folder. */
  file: string;
  find: string;
  replace: string;
}

const copies: string[] = [];
process.on('exit', () => {
  for (const dir of copies) rmSync(dir, { recursive: true, force: true });
});

/**
 * A private copy of a target's folder (node_modules left out), optionally patched, to change files
 * without touching the original. Removed when the test process exits.
 */
export function copyTarget(target: Target, patches: Patch[] = [], label = 'copy'): Target {
  const dir = mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), `hfs-${label}-`));
  copies.push(dir);
  cpSync(target.cwd, dir, {
    recursive: true,
    filter: (source) => !source.includes('node_modules'),
  });
  // The copy resolves packages (tsx, for one) from the repo's node_modules, as the original does.
  symlinkSync(join(repoRoot, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const patch of patches) {
    const file = join(dir, patch.file);
    const text = readFileSync(file, 'utf8');
    if (!text.includes(patch.find)) {
      throw new Error(
        `patch for ${target.name}/${patch.file} no longer applies: text not found:\n${patch.find}`,
      );
    }
    writeFileSync(file, text.replace(patch.find, patch.replace));
  }
  const command = target.command.map((part) =>
    part.startsWith(target.cwd) ? dir + part.slice(target.cwd.length) : part,
  );
  return { ...target, name: `${target.name} (${label})`, cwd: dir, command };
}
