// npm run diff -- 02 03     the unified diff between two steps: the lesson of a chapter.
// Coloured on a terminal, plain when piped (or when NO_COLOR is set).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTwoFilesPatch } from 'diff';
import { findStep, listSteps, type Step, stepTable } from './course.ts';

/** Folders that are tooling or build output, not the lesson. */
const skippedDirs = new Set(['node_modules', '.turbo', 'dist', 'coverage']);

function filesOf(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!skippedDirs.has(entry.name)) walk(join(at, entry.name));
      } else if (entry.isFile()) {
        files.push(relative(dir, join(at, entry.name)));
      }
    }
  };
  walk(dir);
  return files;
}

/** The file's bytes, or undefined when the step does not have it. */
function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/** A file is shown as text unless it holds a NUL byte, as git decides. */
const isBinary = (bytes: Buffer | undefined): boolean => bytes?.includes(0) ?? false;

/** A folder to compare, and how the diff names it ("steps/02-hello-http", "my-server"). */
export interface DiffSide {
  dir: string;
  label: string;
}

export function diffSteps(from: Step, to: Step): string {
  return diffFolders(
    { dir: from.dir, label: `steps/${from.name}` },
    { dir: to.dir, label: `steps/${to.name}` },
  );
}

/** The unified diff of two folders, files only one has compared with /dev/null, as git does. */
export function diffFolders(
  from: DiffSide,
  to: DiffSide,
  ignore: (path: string) => boolean = () => false,
): string {
  const paths = [...new Set([...filesOf(from.dir), ...filesOf(to.dir)])]
    .filter((p) => !ignore(p))
    .sort();
  const parts: string[] = [];
  for (const path of paths) {
    const before = readIfExists(join(from.dir, path));
    const after = readIfExists(join(to.dir, path));
    if (before && after && before.equals(after)) continue;
    // As git does: a file only one step has is compared with /dev/null.
    const fromName = before ? `${from.label}/${path}` : '/dev/null';
    const toName = after ? `${to.label}/${path}` : '/dev/null';
    if (isBinary(before) || isBinary(after)) {
      parts.push(binaryChange(fromName, toName, before, after));
      continue;
    }
    const patch = createTwoFilesPatch(
      fromName,
      toName,
      before?.toString() ?? '',
      after?.toString() ?? '',
    );
    // Drop jsdiff's "Index:"/"====" preamble: the ---/+++ lines already name the files.
    parts.push(patch.replace(/^={67}\n/m, '').replace(/^Index: .*\n/m, ''));
  }
  return parts.join('');
}

function binaryChange(fromName: string, toName: string, before?: Buffer, after?: Buffer): string {
  if (!before) return `New binary file ${toName} (${after?.length} bytes)\n`;
  if (!after) return `Binary file ${fromName} removed\n`;
  return `Binary files ${fromName} and ${toName} differ\n`;
}

export function colour(patch: string): string {
  const paint = (code: number, line: string) => `\x1b[${code}m${line}\x1b[0m`;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return paint(1, line);
      if (line.startsWith('+')) return paint(32, line);
      if (line.startsWith('-')) return paint(31, line);
      if (line.startsWith('@@')) return paint(36, line);
      return line;
    })
    .join('\n');
}

const usage = `Usage: npm run diff -- <from> <to>     e.g. npm run diff -- 02 03

Shows what changes between two steps (node_modules and build output left out).

Steps:
${stepTable()}`;

function main(args: string[]): number {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return 0;
  }
  if (args.length !== 2) {
    console.error(`Give two steps.\n\n${usage}`);
    return 1;
  }
  const steps = listSteps();
  const [from, to] = args.map((a) => findStep(a, steps));
  const unknown = args.filter((a) => !findStep(a, steps));
  if (!from || !to) {
    console.error(`No step called "${unknown.join('", "')}".\n\n${usage}`);
    return 1;
  }
  const patch = diffSteps(from, to);
  const useColour = process.stdout.isTTY && !process.env.NO_COLOR;
  process.stdout.write(useColour ? colour(patch) : patch);
  return 0;
}

// Run as a command (not imported by a test).
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
