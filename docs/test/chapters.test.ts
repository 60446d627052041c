// The chapters stay true to the code: every step has its chapter, every included file and region
// exists, every relative link resolves, and no step code is pasted where it should be included.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { listSteps, repoRoot } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import {
  docsRoot,
  findIncludes,
  findRelativeLinks,
  findTsBlocks,
  includeProblem,
  isPastedFrom,
  relativeTo,
} from '../includes.ts';
import { diffMarkers } from '../step-diff.ts';

const steps = listSteps();
const pages = [
  'index.md',
  ...readdirSync(join(docsRoot, 'chapters'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `chapters/${f}`),
];
const stepSources = steps.flatMap((step) =>
  readdirSync(join(step.dir, 'src')).map((f) => join(step.dir, 'src', f)),
);

describe('the chapters', () => {
  it.each(steps.map((s) => [s.name, s.doc]))('step %s has its chapter, %s', (_name, doc) => {
    expect(existsSync(join(repoRoot, doc)), `${doc} is missing`).toBe(true);
  });

  it.each(
    steps.slice(1).map((step, i) => [step.doc, steps[i] as (typeof steps)[number], step] as const),
  )('%s shows the generated diff from the step before', (doc, before, step) => {
    const file = join(repoRoot, doc);
    if (!existsSync(file)) return; // its own check above fails
    expect(
      diffMarkers(readFileSync(file, 'utf8')),
      `${doc}: <!-- step-diff: ... --> in its Diff section`,
    ).toEqual([expect.objectContaining({ from: before.name, to: step.name })]);
  });

  describe.each(pages)('%s', (page) => {
    const file = join(docsRoot, page);
    const markdown = readFileSync(file, 'utf8');

    it('includes only files and regions that exist', () => {
      const problems = findIncludes(markdown).flatMap((include) => {
        const problem = includeProblem(include);
        return problem ? [`${page}:${include.line} ${problem}`] : [];
      });
      expect(problems).toEqual([]);
    });

    it('links only to files that exist', () => {
      const broken = findRelativeLinks(markdown)
        .filter((link) => !existsSync(relativeTo(file, link.target)))
        .map((link) => `${page}:${link.line} links to ${link.target}, which does not exist`);
      expect(broken).toEqual([]);
    });

    it('includes step code rather than pasting it', () => {
      const pasted = findTsBlocks(markdown).flatMap((block) => {
        const source = stepSources.find((src) =>
          isPastedFrom(block.lines, readFileSync(src, 'utf8')),
        );
        return source
          ? [
              `${page}:${block.line} pastes code from ${relative(repoRoot, source)}; include it with <<<`,
            ]
          : [];
      });
      expect(pasted).toEqual([]);
    });
  });
});

describe('the docs check catches a broken chapter', () => {
  const server = '@/../steps/02-hello-http/src/server.ts';

  it('a missing file', () => {
    const [include] = findIncludes('<<< @/../steps/02-hello-http/src/gone.ts#response{ts}');
    expect(include && includeProblem(include)).toMatch(/does not exist/);
  });

  it('a region that is not in the file', () => {
    const [include] = findIncludes(`<<< ${server}#no-such-region{ts}`);
    expect(include && includeProblem(include)).toMatch(
      /no such region "?no-such-region|region "no-such-region"/,
    );
  });

  it('a region with its start marker but no end marker', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hfs-docs-'));
    const file = join(dir, 'server.ts');
    writeFileSync(file, '// #region half\nconst a = 1;\n');
    try {
      expect(includeProblem({ line: 1, file, region: 'half' })).toMatch(/no such region/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an include that is fine', () => {
    const [include] = findIncludes(`<<< ${server}#response{ts}`);
    expect(include && includeProblem(include)).toBeUndefined();
  });

  it('a broken relative link, outside code blocks only', () => {
    const links = findRelativeLinks(
      '[a](./nope.md#why) [b](https://x.org) [c](#anchor)\n```\n[d](./in-code.md)\n```',
    );
    expect(links.map((l) => l.target)).toEqual(['./nope.md']);
  });

  it('pasted code', () => {
    const source = readFileSync(join(repoRoot, 'steps/02-hello-http/src/server.ts'), 'utf8');
    const lines = source
      .split('\n')
      .filter((l) => l.trim().length > 8 && !l.trim().startsWith('//'))
      .slice(0, 5);
    const [block] = findTsBlocks(['```ts', ...lines, '```'].join('\n'));
    expect(block && isPastedFrom(block.lines, source)).toBe(true);
    expect(isPastedFrom(['const a = 1;', 'const b = 2;', 'const c = 3;'], source)).toBe(false);
    // One line of the step among new ones is written, not pasted.
    expect(isPastedFrom([lines[0] ?? '', 'const a = 1;', 'const b = 2;'], source)).toBe(false);
  });
});
