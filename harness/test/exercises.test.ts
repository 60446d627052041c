// rustlings' `dev check` for the graded exercises: every exercise's checks fail on its chapter's
// step as shipped (there is something to do) and pass on its reference solution (it can be done),
// and the solution keeps the chapter checks it could have broken. The chapters name each one.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findStep, listSteps, repoRoot, type Step } from '@hfs/tools/course.ts';
import { describe, expect, it } from 'vitest';
import type { Exercise } from '../exercises/exercise.ts';
import { exerciseSolutionTarget, exercises } from '../exercises/index.ts';
import { echoSpec } from '../specs/01-echo-tcp.ts';
import { helloHttpSpec } from '../specs/02-hello-http.ts';
import { indexHtmlSpec } from '../specs/03-index-html.ts';
import { routingSpec } from '../specs/04-routing.ts';
import { notFoundSpec } from '../specs/05-404.ts';
import { threadsParserSpec } from '../specs/06-threads-parser.ts';
import { keepAliveSpec } from '../specs/07-keep-alive.ts';
import { staticFilesSpec } from '../specs/08-static-files.ts';
import { launchTarget, runCheck } from '../src/run-check.ts';
import { type Check, checkNamed } from '../src/spec.ts';
import { stepTarget, type Target } from '../src/targets.ts';

/** The chapters that must have graded exercises: all of them. */
const CHAPTERS = listSteps().map((step) => step.chapter);

/**
 * For each exercise, the chapter checks its change could break: a cheap representative few (the
 * whole matrix already runs on the step itself), chosen for what the solution touches.
 */
const keeps: Record<string, Check[]> = {
  '1.1': [
    checkNamed(echoSpec, 'echoes text unchanged'),
    checkNamed(echoSpec, 'is binary-safe: every byte value, NUL and invalid UTF-8 included'),
  ],
  '1.2': [
    checkNamed(echoSpec, 'echoes text unchanged'),
    checkNamed(echoSpec, 'logs each connection and disconnection'),
  ],
  '2.1': [
    checkNamed(
      helloHttpSpec,
      'has a Content-Length that counts bytes (the page holds non-ASCII text)',
    ),
    checkNamed(helloHttpSpec, 'answers with the Hello, World! page'),
  ],
  '2.3': [
    checkNamed(helloHttpSpec, 'answers HTTP/1.1 200 OK with CRLF line ends'),
    checkNamed(helloHttpSpec, "works with Node's fetch"),
  ],
  '3.3': [
    checkNamed(indexHtmlSpec, 'every path gets the bytes of htdocs/index.html'),
    checkNamed(
      indexHtmlSpec,
      'answers 500 when index.html cannot be read, and serves it again once it is back',
    ),
  ],
  '3.4': [
    checkNamed(indexHtmlSpec, 'every path gets the bytes of htdocs/index.html'),
    checkNamed(helloHttpSpec, 'answers HTTP/1.1 200 OK with CRLF line ends'),
  ],
  '4.1': [
    checkNamed(
      routingSpec,
      'Content-Type from the extension: html css js mjs json txt svg png jpg gif ico webp woff2 wasm pdf xml, else application/octet-stream',
    ),
  ],
  '4.3': [
    checkNamed(
      routingSpec,
      'GET /get?a=1&a=2&b=x answers JSON describing the request, as httpbin.org does',
    ),
    checkNamed(routingSpec, 'one access-log line per request on stdout, in Common Log Format'),
  ],
  '5.2': [
    checkNamed(notFoundSpec, 'a missing file answers 404 with htdocs/404.html'),
    checkNamed(
      notFoundSpec,
      'a folder without its trailing slash answers 301 to the path with it (/blog → /blog/)',
    ),
  ],
  '5.3': [
    checkNamed(notFoundSpec, 'POST, PUT or DELETE on a file answers 405 with Allow: GET, HEAD'),
    checkNamed(notFoundSpec, 'HEAD answers as GET would, status and headers, without the body'),
    checkNamed(notFoundSpec, 'an unknown method (BREW) answers 501'),
  ],
  '6.4': [
    checkNamed(threadsParserSpec, "POST /post with the chapter's form answers httpbin-style JSON"),
    checkNamed(notFoundSpec, 'POST, PUT or DELETE on a file answers 405 with Allow: GET, HEAD'),
  ],
  '6.5': [
    checkNamed(notFoundSpec, 'a missing file answers 404 with htdocs/404.html'),
    checkNamed(
      routingSpec,
      'the request line chooses the file: / and /ipsum.html are different pages',
    ),
  ],
  '7.4': [
    checkNamed(
      keepAliveSpec,
      'keeps the connection open: two requests, two answers, one connection',
    ),
    checkNamed(notFoundSpec, 'a missing file answers 404 with htdocs/404.html'),
  ],
  '7.5': [
    checkNamed(
      keepAliveSpec,
      'keeps the connection open: two requests, two answers, one connection',
    ),
    checkNamed(keepAliveSpec, 'pipelined requests are answered in order, one answer each'),
  ],
  '8.2': [
    checkNamed(
      staticFilesSpec,
      'every file has an ETag and a Last-Modified; a revalidation with either gets 304 and no body',
    ),
  ],
  '8.5': [
    checkNamed(
      staticFilesSpec,
      'compresses text with gzip or br when Accept-Encoding allows, chunked, with Vary: Accept-Encoding',
    ),
    checkNamed(
      staticFilesSpec,
      'clean URLs: /blog/first-post serves blog/first-post.html, in urllib too',
    ),
  ],
};

function stepOf(exercise: Exercise): Step {
  const step = findStep(String(exercise.chapter));
  if (!step) throw new Error(`exercise ${exercise.id}: no step for chapter ${exercise.chapter}`);
  return step;
}

/** The chapter's "## Exercises" section, up to the next heading of the same level. */
function exercisesSection(step: Step): string {
  const chapter = readFileSync(join(repoRoot, step.doc), 'utf8');
  const start = chapter.indexOf('\n## Exercises\n');
  if (start === -1) throw new Error(`${step.doc} has no "## Exercises" section`);
  const end = chapter.indexOf('\n## ', start + 1);
  return chapter.slice(start, end === -1 ? undefined : end);
}

/** Runs the checks one after another on one instance of the target; their failures' messages. */
async function failuresOf(checks: Check[], target: Target): Promise<string[]> {
  const server = await launchTarget(target);
  const failures: string[] = [];
  try {
    for (const check of checks) {
      await runCheck(check, target, check.fresh ? undefined : server).catch((error: Error) => {
        failures.push(`${check.name}: ${error.message}`);
      });
    }
  } finally {
    await server.stop();
  }
  return failures;
}

describe('the graded exercises, as listed', () => {
  it('have ids "<chapter>.<n>", unique, at least two for each chapter', () => {
    const ids = exercises.map((exercise) => exercise.id);
    expect(
      ids.filter((id, i) => ids.indexOf(id) !== i),
      'ids used twice',
    ).toEqual([]);
    for (const exercise of exercises) {
      expect(exercise.id, 'the id starts with its chapter').toMatch(
        new RegExp(`^${exercise.chapter}\\.[1-9]\\d*$`),
      );
      expect(exercise.checks.length, `${exercise.id} has checks`).toBeGreaterThan(0);
    }
    for (const chapter of CHAPTERS) {
      expect(
        exercises.filter((exercise) => exercise.chapter === chapter).length,
        `graded exercises for chapter ${chapter}`,
      ).toBeGreaterThanOrEqual(2);
    }
    expect(Object.keys(keeps).sort(), 'every exercise says which chapter checks it keeps').toEqual(
      [...ids].sort(),
    );
  });

  it("are each named in their chapter's Exercises section, with the command that grades it", () => {
    for (const exercise of exercises) {
      const section = exercisesSection(stepOf(exercise));
      expect(section, `${stepOf(exercise).doc}, ## Exercises`).toContain(
        `Exercise ${exercise.id} — ${exercise.title}`,
      );
      expect(section, `${stepOf(exercise).doc}, ## Exercises`).toContain(
        `npm run exercise -- check ${exercise.id}`,
      );
    }
  });

  it("have hints that point at a heading of their chapter and a #region of their step's code", () => {
    for (const exercise of exercises) {
      const { hint } = exercise;
      const step = findStep(String(hint.chapter));
      if (!step) throw new Error(`exercise ${exercise.id}: its hint names no chapter`);
      const chapter = readFileSync(join(repoRoot, step.doc), 'utf8');
      expect(chapter, `${exercise.id}: the heading its hint names`).toMatch(
        new RegExp(`^#{2,4} ${hint.heading.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'),
      );
      const code = readFileSync(join(step.dir, hint.code.file), 'utf8');
      expect(code, `${exercise.id}: the region its hint names`).toContain(
        `// #region ${hint.code.region}\n`,
      );
      expect(hint.expects.length, `${exercise.id}: level 1 is one sentence`).toBeLessThan(300);
      if (hint.rfc) {
        expect(hint.expects, `${exercise.id}: the RFC is shown once, from hint.rfc`).not.toContain(
          hint.rfc,
        );
      }
    }
  });

  it('have solutions whose every replacement finds its text exactly once in the step', () => {
    for (const exercise of exercises) {
      for (const patch of exercise.solution) {
        const file = patch.file ?? 'src/server.ts';
        const text = readFileSync(join(stepOf(exercise).dir, file), 'utf8');
        expect(
          text.split(patch.find).length - 1,
          `${exercise.id}: times ${file} holds:\n${patch.find}`,
        ).toBe(1);
      }
    }
  });
});

describe.concurrent('every graded exercise', () => {
  for (const exercise of exercises) {
    it(`${exercise.id} (${exercise.title}) fails on its chapter's step as shipped`, {
      timeout: 60_000,
    }, async () => {
      const failures = await failuresOf(exercise.checks, stepTarget(stepOf(exercise)));
      expect(failures.length, 'checks that fail on the step as shipped').toBeGreaterThan(0);
    });

    it(`${exercise.id} (${exercise.title}) passes with its reference solution, which keeps the chapter's checks`, {
      timeout: 60_000,
    }, async () => {
      const checks = [...exercise.checks, ...(keeps[exercise.id] ?? [])];
      const failures = await failuresOf(checks, exerciseSolutionTarget(exercise));
      expect(failures, 'checks that fail on the solution').toEqual([]);
    });
  }
});
