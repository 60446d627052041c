// Every transcript in the chapters is replayed against the chapter's step, and must match what
// the step prints today, but for dates, ports, durations and tool versions. A block that cannot be
// replayed says why in the chapter, and is counted here. `npm run docs:update` rewrites the
// transcripts from a real run when a step's answer changes on purpose.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { findStep, listSteps, type Step } from '@hfs/tools/course.ts';
import { afterAll, describe, expect, it } from 'vitest';
import { type ChapterRun, chapterBlocks, chapterFile, replayChapter } from '../replay.ts';
import { compare, describeDifference, findBlocks, normalise, rewrite } from '../transcripts.ts';

const chapters = listSteps().filter((step) => existsSync(chapterFile(step)));

/** The tools the chapters' commands use; missing ones fail under CI=true, else skip with a note. */
const TOOLS = ['curl', 'nc', 'python3', 'od', 'cmp'];
const missing = TOOLS.filter(
  (tool) => spawnSync('bash', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status !== 0,
);

const counts: string[] = [];
afterAll(() => {
  if (counts.length > 0) console.log(`Transcripts:\n${counts.join('\n')}`);
});

function summary(run: ChapterRun): string {
  const manual = run.blocks.filter((b) => b.kind === 'manual');
  const replayed = run.blocks.length - manual.length;
  const commands = run.replayed.filter((r) => r.segment.command !== undefined).length;
  return `  ${run.chapter}: ${replayed} blocks replayed (${commands} commands), ${manual.length} marked manual`;
}

describe.concurrent('the chapters’ transcripts, replayed against their steps', () => {
  it.each(chapters.map((s) => [s.doc, s] as [string, Step]))('%s', async (_doc, step) => {
    if (missing.length > 0) {
      const note = `${missing.join(', ')} not installed (Debian: apt-get install curl netcat-openbsd python3)`;
      if (process.env.CI) throw new Error(`under CI=true the transcripts need ${note}`);
      console.log(`Skipped: ${note}`);
      return;
    }
    const run = await replayChapter(step);
    counts.push(summary(run));
    expect(run.problems, `${run.chapter}: blocks to mark`).toEqual([]);
    const differences = run.replayed.flatMap((r) =>
      r.difference ? [describeDifference(run.chapter, r.segment, r.difference)] : [],
    );
    expect(
      differences,
      'a transcript no longer matches its step: fix the step, or run npm run docs:update and review the diff',
    ).toEqual([]);
  });
});

describe('the transcript check catches a changed byte', () => {
  const vars = { port: 48124 };
  const chapter = readFileSync(chapterFile(findStep('04') as Step), 'utf8');

  it('a one-byte change to a transcript is named by chapter, line and difference', () => {
    // The chapter as it is stands for the real run; a copy with one byte changed is compared.
    const { blocks } = findBlocks(chapter);
    const segments = blocks.flatMap((b) => b.segments);
    const real = segments.map((s) => s.expected);
    const target = segments.findIndex((s) =>
      s.expected.some((l) => l.includes('Content-Length: 1088')),
    );
    const lines = chapter.split('\n');
    const at = lines.indexOf('Content-Length: 1088');
    lines[at] = 'Content-Length: 1089';
    const changed = findBlocks(lines.join('\n')).blocks.flatMap((b) => b.segments);
    const found = changed.flatMap((segment, i) => {
      const difference = compare(segment.expected, real[i] ?? [], vars);
      return difference ? [describeDifference('04-routing.md', segment, difference)] : [];
    });
    expect(target).toBeGreaterThan(-1);
    expect(found).toEqual([
      `04-routing.md:${at + 1}: the output of $ curl -i http://127.0.0.1:48124/ipsum.html differs at this line\n  chapter: "Content-Length: 1089"\n  real:    "Content-Length: 1088"`,
    ]);
  });

  it('normalises only what must vary: dates, client ports, durations, tool versions', () => {
    expect(normalise('Date: Wed, 25 Nov 2026 17:23:26 GMT', vars)).toBe('Date: <date>');
    expect(normalise('127.0.0.1 - - [25/Nov/2026:17:23:26 +0000] "GET /" 400 205', vars)).toBe(
      '127.0.0.1 - - [<date>] "GET /" 400 205',
    );
    expect(normalise('Request from 127.0.0.1:54710:', vars)).toBe(
      'Request from 127.0.0.1:<client port>:',
    );
    expect(normalise('Host: 127.0.0.1:48124', vars)).toBe('Host: 127.0.0.1:48124');
    expect(normalise('real\t0m2.006s', vars)).toBe('real <duration>');
    expect(normalise('User-Agent: curl/7.88.1', vars)).toBe('User-Agent: curl/<version>');
    for (const line of ['HTTP/1.1 200 OK', 'Content-Length: 229', '{ [229 bytes data]']) {
      expect(normalise(line, vars)).toBe(line);
    }
    expect(compare(['HTTP/1.1 200 OK'], ['HTTP/1.1 404 Not Found'], vars)).toBeDefined();
  });

  it('`...` stands for lines, or for text within a line, and nothing else', () => {
    expect(compare(['a', '...', 'z'], ['a', 'b', 'c', 'z'], vars)).toBeUndefined();
    expect(compare(['a', '...', 'z'], ['a', 'z'], vars)).toBeUndefined();
    expect(compare(['"GET /aaa...'], ['"GET /aaaaaaa HTTP/1.1" 414 199'], vars)).toBeUndefined();
    expect(compare(['a', '...', 'z'], ['a', 'b', 'y'], vars)).toMatchObject({ expected: 'z' });
    expect(compare(['a', 'b'], ['a', 'b', 'c'], vars)).toMatchObject({
      expectedIndex: 2,
      expected: undefined,
      actual: 'c',
    });
    // Trailing empty lines are invisible on a page, on either side.
    expect(compare(['a', ''], ['a'], vars)).toBeUndefined();
  });

  it('every text block is commands, server output, or manual with a reason', () => {
    const unmarked = '```text\nListening on http://127.0.0.1:8080\n```\n';
    expect(findBlocks(unmarked).problems[0]).toMatch(/line 1: .*neither commands/);
    expect(findBlocks(`<!-- transcript: manual -->\n${unmarked}`).problems[0]).toMatch(
      /must say why/,
    );
    expect(
      findBlocks(`<!-- transcript: manual, a browser -->\n${unmarked}`).blocks[0],
    ).toMatchObject({
      kind: 'manual',
      reason: 'a browser',
    });
    // A for loop spans lines: the command goes on until the shell sees it whole.
    const loop = '```text\n$ for a in 1 2; do\n  echo $a\ndone\n1\n2\n```\n';
    const isComplete = (c: string) => c.split('\n').at(-1) === 'done';
    const [segment] = findBlocks(loop, isComplete).blocks[0]?.segments ?? [];
    expect(segment).toMatchObject({
      command: 'for a in 1 2; do\n  echo $a\ndone',
      expected: ['1', '2'],
    });
  });

  it('docs:update rewrites only the segments it is given', () => {
    const markdown = '```text\n$ echo a\nold\n$ echo b\nb\n```\n';
    const [first] = findBlocks(markdown).blocks[0]?.segments ?? [];
    if (!first) throw new Error('no segment');
    expect(rewrite(markdown, [{ segment: first, actual: ['a', 'more'] }])).toBe(
      '```text\n$ echo a\na\nmore\n$ echo b\nb\n```\n',
    );
  });

  it('a real run of a chapter with one byte changed fails at that line', async () => {
    if (missing.length > 0 && !process.env.CI) return;
    const step = findStep('02') as Step;
    const lines = readFileSync(chapterFile(step), 'utf8').split('\n');
    const at = lines.indexOf('Content-Length: 229');
    lines[at] = 'Content-Length: 228';
    const run = await replayChapter(step, lines.join('\n'));
    const differences = run.replayed.flatMap((r) =>
      r.difference ? [describeDifference(run.chapter, r.segment, r.difference)] : [],
    );
    expect(differences).toEqual([
      `02-hello-http.md:${at + 1}: the output of $ curl -i http://127.0.0.1:48123/ differs at this line\n  chapter: "Content-Length: 228"\n  real:    "Content-Length: 229"`,
    ]);
    expect(chapterBlocks(lines.join('\n')).problems).toEqual([]);
  });
});
