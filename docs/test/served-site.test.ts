// The course's site served by the course's own server (npm run docs:serve): built once, served by
// the newest step with HTDOCS, and every page opened in Chromium by its clean URL. Each page loads
// with no console error and no failed request, a reload of a deep link works, the second visit is
// answered with 304s (the server's own access log says so), and text assets arrive compressed.
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { withBrowser } from '@hfs/harness/src/browser.ts';
import { MissingToolError } from '@hfs/harness/src/clients.ts';
import { type Launched, launch } from '@hfs/harness/src/launch.ts';
import { stepTarget } from '@hfs/harness/src/targets.ts';
import { newestStep } from '@hfs/tools/course.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteDir } from '../site-build.ts';

interface Visit {
  path: string;
  /** The document's status on the first visit and on a reload. */
  statuses: number[];
  title: string;
  errors: string[];
  failed: string[];
  /** Text responses (HTML, CSS, JS, JSON, SVG) of 1 KiB or more sent without a Content-Encoding. */
  uncompressed: string[];
  /** How many requests of the reload the server answered 304 (its access log says). */
  notModified: number;
}

const TEXT = /^(text\/|application\/(javascript|json)|image\/svg\+xml)/;

let outDir = '';
let server: Launched | undefined;
let visits: Visit[] = [];
let skipped = '';

/** Every page of the build by its clean URL: /chapters/02-hello-http for its .html file. */
function cleanUrls(dir: string, at = dir): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === 'assets' ? [] : cleanUrls(dir, join(at, entry.name));
    if (!entry.name.endsWith('.html') || entry.name === '404.html') return [];
    return [`/${relative(dir, join(at, entry.name))}`.replace(/(index)?\.html$/, '')];
  });
}

beforeAll(async () => {
  // The run's one build of the site (the global setup starts it), as npm run docs:serve builds it.
  outDir = await siteDir();
  const step = stepTarget(newestStep());
  server = await launch({ cwd: step.cwd, command: step.command, env: { HTDOCS: outDir } });
  const origin = server.url;
  try {
    visits = await withBrowser(async (browser) => {
      const page = await browser.newPage();
      const seen: Visit[] = [];
      for (const path of cleanUrls(outDir)) {
        const visit: Visit = {
          path,
          statuses: [],
          title: '',
          errors: [],
          failed: [],
          uncompressed: [],
          notModified: 0,
        };
        page.removeAllListeners();
        page.on('console', (m) => m.type() === 'error' && visit.errors.push(m.text()));
        page.on('pageerror', (error) => visit.errors.push(error.message));
        // ERR_ABORTED is the browser's own doing: VitePress prefetches the chunks of linked pages,
        // and leaving the page cancels those still in flight. Any other failure is the server's.
        page.on('requestfailed', (request) => {
          const why = request.failure()?.errorText ?? '';
          if (why !== 'net::ERR_ABORTED') visit.failed.push(`${request.url()}: ${why}`);
        });
        page.on('response', async (response) => {
          if (response.status() >= 400)
            visit.failed.push(`${response.url()}: ${response.status()}`);
          if (response.status() !== 200) return;
          const headers = await response.allHeaders();
          const length = Number(headers['content-length'] ?? Number.POSITIVE_INFINITY);
          if (
            TEXT.test(headers['content-type'] ?? '') &&
            !headers['content-encoding'] &&
            length >= 1024
          )
            visit.uncompressed.push(`${response.url()} (${headers['content-length']} bytes)`);
        });
        // The first visit, then a reload: the reload of a deep link must find the page again.
        // 'networkidle': every response of the page has been seen (and its headers read) before
        // the reload. ('load' was tried: responses that came after it were read from a closed page.)
        const first = await page.goto(origin + path);
        await page.waitForLoadState('networkidle');
        const mark = server?.mark();
        const again = await page.reload();
        await page.waitForLoadState('networkidle');
        visit.statuses = [first?.status() ?? 0, again?.status() ?? 0];
        const lines = await server?.waitForLines(/" 304 /, 1, 5000, mark).catch(() => []);
        visit.notModified = lines?.length ?? 0;
        visit.title = await page.title();
        seen.push(visit);
      }
      return seen;
    });
  } catch (error) {
    if (!(error instanceof MissingToolError) || process.env.CI) throw error;
    skipped = error.message;
  }
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

describe("the course's site served by the newest step, in Chromium", () => {
  it('every page loads by its clean URL, and again on a reload', () => {
    if (skipped) return console.log(`Skipped: ${skipped}`);
    expect(
      visits.some((v) => v.path === '/chapters/02-hello-http'),
      'a deep link',
    ).toBe(true);
    for (const visit of visits) {
      expect(visit.statuses, `GET ${visit.path}, then a reload`).toEqual([
        200,
        expect.toSatisfy((status: number) => status === 200 || status === 304),
      ]);
      expect(visit.title, `the title of ${visit.path}`).toMatch(/http-from-scratch/);
    }
  });

  it('no console error and no failed request', () => {
    expect(visits.flatMap((v) => [...v.errors, ...v.failed].map((e) => `${v.path}: ${e}`))).toEqual(
      [],
    );
  });

  it('the second visit is answered with 304s', () => {
    if (skipped) return;
    // A reload revalidates the page and its assets (Cache-Control: no-cache): the server answers
    // 304, with no body, at least once per page.
    expect(
      visits.filter((v) => v.notModified === 0).map((v) => v.path),
      "pages whose reload got no 304 (the server's access log)",
    ).toEqual([]);
  });

  it('text assets of 1 KiB or more arrive compressed', () => {
    expect(visits.flatMap((v) => v.uncompressed.map((u) => `${v.path}: ${u}`))).toEqual([]);
  });
});
