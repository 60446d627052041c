// What the docs check looks for in a chapter: code included from a step (VitePress `<<<` lines),
// relative links, and code pasted instead of included. Kept apart from the test so that the test
// can prove each check catches a broken chapter.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const docsRoot = dirname(fileURLToPath(import.meta.url));

export interface Include {
  line: number;
  /** Absolute path of the included file. */
  file: string;
  region?: string;
}

/** `<<< @/../steps/02-hello-http/src/server.ts#response{ts}`: `@` is the docs folder. */
const includeLine = /^<<<\s+@\/(\S+?)(?:#([\w-]+))?(?:\{[^}]*\})?\s*$/;

export function findIncludes(markdown: string): Include[] {
  const includes: Include[] = [];
  markdown.split('\n').forEach((text, index) => {
    const match = includeLine.exec(text.trim());
    if (!match?.[1]) return;
    includes.push({ line: index + 1, file: resolve(docsRoot, match[1]), region: match[2] });
  });
  return includes;
}

/** Problems with one include: a missing file or a region without both of its markers. */
export function includeProblem(include: Include): string | undefined {
  if (!existsSync(include.file)) return `includes ${include.file}, which does not exist`;
  if (!include.region) return undefined;
  const source = readFileSync(include.file, 'utf8');
  const start = new RegExp(`#region ${include.region}\\s*$`, 'm');
  const end = new RegExp(`#endregion ${include.region}\\s*$`, 'm');
  if (!start.test(source) || !end.test(source))
    return `includes region "${include.region}" of ${include.file}, which has no such region`;
  return undefined;
}

/** Relative links (`[text](./02-hello-http.md)`, `(../../steps/...)`), outside code blocks. */
export function findRelativeLinks(markdown: string): { line: number; target: string }[] {
  const inCode = new Set(
    fencedBlocks(markdown).flatMap((block) => block.lines.map((_, i) => block.line + 1 + i)),
  );
  const links: { line: number; target: string }[] = [];
  markdown.split('\n').forEach((text, index) => {
    if (inCode.has(index + 1)) return;
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? '';
      if (/^(?:[a-z]+:|#|\/)/i.test(target)) continue; // absolute, external or an anchor
      links.push({ line: index + 1, target: target.replace(/#.*$/, '') });
    }
  });
  return links;
}

interface FencedBlock {
  lang: string;
  /** The line of its opening fence. */
  line: number;
  lines: string[];
}

/** Fenced TypeScript blocks, to catch code pasted from a step instead of included. */
export function findTsBlocks(markdown: string): FencedBlock[] {
  return fencedBlocks(markdown).filter((b) => b.lang === 'ts' || b.lang === 'typescript');
}

/** Every fenced code block (```lang ... ```), with the lines between its fences. */
function fencedBlocks(markdown: string): FencedBlock[] {
  const blocks: FencedBlock[] = [];
  let open: FencedBlock | undefined;
  markdown.split('\n').forEach((text, index) => {
    const fence = /^\s*```(\S*)/.exec(text);
    if (!fence) {
      open?.lines.push(text);
    } else if (!open) {
      open = { lang: fence[1] ?? '', line: index + 1, lines: [] };
    } else {
      blocks.push(open);
      open = undefined;
    }
  });
  return blocks;
}

/** True when every meaningful line of the block appears in the source: pasted, not written. */
export function isPastedFrom(block: string[], source: string): boolean {
  const lines = block.map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('//'));
  if (lines.length < 3) return false;
  const sourceLines = new Set(source.split('\n').map((l) => l.trim()));
  return lines.every((l) => sourceLines.has(l));
}

export function relativeTo(file: string, target: string): string {
  return resolve(dirname(file), target);
}
