// The transcripts of a chapter: its `text` blocks of `$ command` lines and their output, and the
// blocks that show what the server printed. Finding them, comparing a block with a real run, and
// writing a real run back into the chapter are here, with no I/O, so that the test can prove on a
// modified copy that a one-byte change is caught. docs/replay.ts runs them.
//
// A `text` block is one of three kinds, chosen by its first line or by a comment just before it:
//   $ curl -i http://127.0.0.1:8124/          commands, each followed by its output: replayed
//   <!-- transcript: server -->               what the server printed while the commands above
//                                             ran (since the last such block): replayed
//   <!-- transcript: manual, REASON -->       not replayed (a browser, a timing, a grading report
//                                             of a server that is not in the repo): counted
// Any other `text` block is an error: every block that looks like output must say which it is.
//
// In expected output, a line `...` stands for any number of lines, and `...` inside a line for any
// text: the chapter shows what matters and trims the rest.

export type BlockKind = 'commands' | 'server' | 'manual';

/** One command and the output the chapter shows for it, or one server-output block. */
export interface Segment {
  /** The command as the chapter shows it (without `$ `); undefined for server output. */
  command?: string;
  /** The expected output. */
  expected: string[];
  /** 0-based index in the chapter's lines of the first output line. */
  start: number;
}

export interface Block {
  kind: BlockKind;
  /** 1-based line of the opening fence. */
  line: number;
  /** Why a manual block is not replayed. */
  reason?: string;
  segments: Segment[];
}

const MARKER = /^<!--\s*transcript:\s*(server|manual)\s*(?:,\s*(.*?))?\s*-->$/;

/**
 * The `text` blocks of a chapter, each with its kind. `isComplete` says whether a command is
 * complete shell (a `for` loop spans several lines); it is a parameter so that this module needs
 * no shell.
 */
export function findBlocks(
  markdown: string,
  isComplete: (command: string) => boolean = () => true,
): { blocks: Block[]; problems: string[] } {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  const problems: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```(\S*)\s*$/.exec(lines[i] ?? '');
    if (!fence) continue;
    const close = lines.findIndex((l, j) => j > i && /^\s*```\s*$/.test(l));
    if (close === -1) break;
    const body = lines.slice(i + 1, close);
    const open = i;
    i = close;
    if (fence[2] !== 'text') continue;
    const before = previousNonBlank(lines, open);
    const marker = MARKER.exec(before ?? '');
    const line = open + 1;
    if (marker?.[1] === 'manual') {
      if (!marker[2]) problems.push(`line ${line}: a manual transcript must say why`);
      blocks.push({ kind: 'manual', line, reason: marker[2], segments: [] });
    } else if (marker?.[1] === 'server') {
      blocks.push({ kind: 'server', line, segments: [{ expected: body, start: open + 1 }] });
    } else if (body[0]?.startsWith('$ ')) {
      blocks.push({
        kind: 'commands',
        line,
        segments: commandSegments(body, open + 1, isComplete),
      });
    } else {
      problems.push(
        `line ${line}: a text block that is neither commands ($ ...) nor marked: add <!-- transcript: server --> or <!-- transcript: manual, why --> before it`,
      );
    }
  }
  return { blocks, problems };
}

function previousNonBlank(lines: string[], index: number): string | undefined {
  for (let j = index - 1; j >= 0; j--) {
    const text = (lines[j] ?? '').trim();
    if (text) return text;
  }
  return undefined;
}

/** Splits a block of `$ ` lines into commands, each with the lines of output that follow it. */
function commandSegments(
  body: string[],
  offset: number,
  isComplete: (command: string) => boolean,
): Segment[] {
  const segments: Segment[] = [];
  let current: Segment | undefined;
  for (let k = 0; k < body.length; k++) {
    const text = body[k] ?? '';
    if (text.startsWith('$ ')) {
      let command = text.slice(2);
      while (!isComplete(command) && k + 1 < body.length) command += `\n${body[++k]}`;
      current = { command, expected: [], start: offset + k + 1 };
      segments.push(current);
    } else {
      current?.expected.push(text);
    }
  }
  return segments;
}

/** What varies from one run to the next, and what a difference in it does not mean. */
export interface Variables {
  /** The port the chapter's runs show (8124); the real run's port is written as this one. */
  port: number;
}

/**
 * Replaces what must vary with a placeholder, on both sides of a comparison: dates, client ports,
 * durations, tool versions. Nothing else: a changed status, header, length or byte is a difference.
 */
export function normalise(line: string, vars: Variables): string {
  return line
    .replace(/\b[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\b/g, '<date>')
    .replace(/\[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\]/g, '[<date>]')
    .replace(/\b(127\.0\.0\.1|localhost):(\d+)\b/g, (all, host: string, port: string) =>
      Number(port) === vars.port ? all : `${host}:<client port>`,
    )
    .replace(/\breal\s+\d+m\d+\.\d+s/g, 'real <duration>')
    .replace(/\b\d+(?:\.\d+)?\s?(?:ms|milliseconds)\b/g, '<duration>')
    .replace(/\b(curl|Node|node|Python|wrk)([/ ]v?)\d+(?:\.\d+)+\b/g, '$1$2<version>')
    .trimEnd();
}

export interface Difference {
  /** 0-based index in the expected lines (may be expected.length: output went on). */
  expectedIndex: number;
  expected?: string;
  actual?: string;
}

/**
 * Compares the expected lines with the actual ones, after normalising both; undefined when they
 * match. `...` lines and `...` inside a line are wildcards.
 */
export function compare(
  expected: string[],
  actual: string[],
  vars: Variables,
): Difference | undefined {
  const want = expected.map((l) => normalise(l, vars));
  const got = actual.map((l) => normalise(l, vars));
  // Trailing empty lines are not visible in a page: neither side's count.
  while (want.at(-1) === '') want.pop();
  while (got.at(-1) === '') got.pop();
  let furthest: Difference = { expectedIndex: 0, expected: expected[0], actual: actual[0] };
  const memo = new Set<string>();
  const match = (e: number, a: number): boolean => {
    const key = `${e},${a}`;
    if (memo.has(key)) return false;
    memo.add(key);
    // The first alignment that gets furthest into the chapter's lines is the one reported.
    if (e > furthest.expectedIndex)
      furthest = { expectedIndex: e, expected: expected[e], actual: actual[a] };
    if (e === want.length) return a === got.length;
    const pattern = want[e] ?? '';
    if (pattern === '...') return match(e + 1, a) || (a < got.length && match(e, a + 1));
    if (a >= got.length || !lineMatches(pattern, got[a] ?? '')) return false;
    return match(e + 1, a + 1);
  };
  if (match(0, 0)) return undefined;
  if (furthest.expectedIndex >= want.length) furthest.expected = undefined;
  return furthest;
}

function lineMatches(pattern: string, line: string): boolean {
  if (!pattern.includes('...')) return pattern === line;
  const parts = pattern.split('...').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('[^]*')}$`).test(line);
}

/** "04-routing.md:178: $ curl ...: expected ..., got ..." : what a reader needs to fix it. */
export function describeDifference(
  chapter: string,
  segment: Segment,
  difference: Difference,
): string {
  const line = segment.start + difference.expectedIndex + 1;
  const what = segment.command
    ? `the output of $ ${segment.command.split('\n')[0]}`
    : 'the server output';
  const show = (text: string | undefined) =>
    text === undefined ? '(nothing)' : JSON.stringify(text);
  return [
    `${chapter}:${line}: ${what} differs at this line`,
    `  chapter: ${show(difference.expected)}`,
    `  real:    ${show(difference.actual)}`,
  ].join('\n');
}

/**
 * The chapter with the given segments' output replaced by a real run's (`docs:update`). A segment
 * that already matches is kept as written, trims and dates included, so that an update changes
 * only what the code changed.
 */
export function rewrite(
  markdown: string,
  replacements: { segment: Segment; actual: string[] }[],
): string {
  const lines = markdown.split('\n');
  const bottomUp = [...replacements].sort((a, b) => b.segment.start - a.segment.start);
  for (const { segment, actual } of bottomUp) {
    lines.splice(segment.start, segment.expected.length, ...actual);
  }
  return lines.join('\n');
}
