// Replays a chapter's transcripts against its step: a private copy of the step (the chapter edits
// and moves files in htdocs/) is started on a free port, every `$ ` command runs in bash in that
// copy's folder, in the chapter's order, with the chapter's port replaced by the real one, and
// every server-output block is compared with what the server printed meanwhile. Used by the docs
// test and by `npm run docs:update`, which writes the real output back into the chapter.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Launched, launch } from '@hfs/harness/src/launch.ts';
import { copyTarget, stepTarget } from '@hfs/harness/src/targets.ts';
import { repoRoot, type Step } from '@hfs/tools/course.ts';
import {
  type Block,
  compare,
  type Difference,
  findBlocks,
  type Segment,
  type Variables,
} from './transcripts.ts';

const COMMAND_TIMEOUT_MS = 20_000;
/** How long a server-output block waits for lines still to come before it is compared. */
const SERVER_OUTPUT_WAIT_MS = 3000;

export interface Replayed {
  block: Block;
  segment: Segment;
  /** The real output, with the real port and folder written as the chapter's. */
  actual: string[];
  difference?: Difference;
}

export interface ChapterRun {
  /** e.g. "04-routing.md". */
  chapter: string;
  blocks: Block[];
  replayed: Replayed[];
  /** Unmarked text blocks, manual blocks without a reason. */
  problems: string[];
}

/** True when bash sees a whole command (a `for` loop's first line is not). */
export function isCompleteShell(command: string): boolean {
  return spawnSync('bash', ['-n', '-c', command], { stdio: 'ignore' }).status === 0;
}

export function chapterFile(step: Step): string {
  return join(repoRoot, step.doc);
}

/** The port the chapter's commands use: the first one a replayed command names. */
export function chapterPort(blocks: Block[]): number | undefined {
  for (const block of blocks) {
    if (block.kind !== 'commands') continue;
    for (const { command } of block.segments) {
      const port = /(?:127\.0\.0\.1|localhost)[: ](\d{4,5})\b|\bPORT=(\d{4,5})\b/.exec(
        command ?? '',
      );
      if (port) return Number(port[1] ?? port[2]);
    }
  }
  return undefined;
}

/** Which blocks a chapter has, without running anything. */
export function chapterBlocks(markdown: string): { blocks: Block[]; problems: string[] } {
  return findBlocks(markdown, isCompleteShell);
}

export async function replayChapter(
  step: Step,
  markdown = readFileSync(chapterFile(step), 'utf8'),
) {
  const chapter = `${step.name}.md`;
  const { blocks, problems } = chapterBlocks(markdown);
  const run: ChapterRun = { chapter, blocks, replayed: [], problems };
  const replayable = blocks.filter((b) => b.kind !== 'manual');
  if (replayable.length === 0) return run;
  const port = chapterPort(blocks);
  if (port === undefined) {
    problems.push(`${chapter}: no replayed command names the port its runs used (127.0.0.1:NNNN)`);
    return run;
  }
  const vars: Variables = { port };
  const copy = copyTarget(stepTarget(step), [], 'replay');
  // curl, its output piped, would draw a progress meter that it leaves out on a terminal.
  writeFileSync(join(copy.cwd, '.curlrc'), 'no-progress-meter\n');
  // PORT=0: a port from the system's ephemeral range, 32768 to 60999, as many digits as the
  // chapters' (48124), since a Host header's length shows in lengths.
  // Its stderr joins its stdout, as on a terminal: two pipes would be read in either order, and
  // an error line could come after the access-log line that the server printed after it.
  const joined = ['bash', '-c', 'exec 2>&1; exec "$@"', 'server', ...copy.command];
  const server = await launch({ cwd: copy.cwd, command: joined, env: copy.env });
  // The real run, in the chapter's words: its port, and the copy's folder as /tmp/<step>.
  const asChapter = (line: string) =>
    line
      .trimEnd()
      .replace(new RegExp(`\\b${server.port}\\b`, 'g'), String(port))
      .split(copy.cwd)
      .join(`/tmp/${step.name}`);
  try {
    let printedFrom = 0;
    for (const block of replayable) {
      for (const segment of block.segments) {
        let actual: string[];
        if (segment.command === undefined) {
          actual = await serverOutput(server, printedFrom, segment.expected, vars, asChapter);
          printedFrom += actual.length;
        } else {
          const command = segment.command.replace(
            new RegExp(`\\b${port}\\b`, 'g'),
            String(server.port),
          );
          actual = (await runCommand(command, copy.cwd)).map(asChapter);
        }
        run.replayed.push({
          block,
          segment,
          actual,
          difference: compare(segment.expected, actual, vars),
        });
      }
    }
  } finally {
    await server.stop();
  }
  return run;
}

/**
 * What the server printed from line `from` on, once it matches the chapter's block, or, when it
 * does not, after SERVER_OUTPUT_WAIT_MS: a log line may come just after the response it logs.
 */
function serverOutput(
  server: Launched,
  from: number,
  expected: string[],
  vars: Variables,
  asChapter: (line: string) => string,
): Promise<string[]> {
  return new Promise((resolve) => {
    const printed = () => {
      const text = server.printed(from);
      return text === '' ? [] : text.split('\n').map(asChapter);
    };
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve(printed());
    };
    const check = () => {
      if (!compare(expected, printed(), vars)) done();
    };
    const timer = setTimeout(done, SERVER_OUTPUT_WAIT_MS);
    const unsubscribe = server.output.onLine(check);
    check();
  });
}

/** Runs one command in bash, stderr with stdout as a terminal shows them; its output as lines. */
function runCommand(command: string, cwd: string): Promise<string[]> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', `exec 2>&1\n${command}`], {
      cwd,
      env: { ...process.env, CURL_HOME: cwd, LC_ALL: 'C.UTF-8', NO_COLOR: '1', TERM: 'dumb' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own group, so that a timeout stops its pipeline too
    });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, COMMAND_TIMEOUT_MS);
    child.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
      if (timedOut) lines.push(`(the command did not end within ${COMMAND_TIMEOUT_MS} ms)`);
      resolve(lines);
    });
  });
}
