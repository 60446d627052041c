// The site as a reader sees it: built once (site-build.ts), served, and every page opened in
// Chromium at 1280 px.
// No code block scrolls sideways (the folded diffs opened too), nothing fails to load, nothing is
// logged as an error, and every internal link leads to a page and an anchor that exist.
import { readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, relative } from 'node:path';
import { withBrowser } from '@hfs/harness/src/browser.ts';
import { MissingToolError } from '@hfs/harness/src/clients.ts';
import type { Page } from 'playwright-core';
import serveStatic from 'serve-static';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { siteDir } from '../site-build.ts';

const WIDTH = 1280;

interface PageReport {
  path: string;
  /** Code blocks whose lines do not fit: their first words and how far they overflow. */
  scrolling: string[];
  errors: string[];
  failed: string[];
  /** Internal links, as absolute paths with their anchor. */
  links: string[];
  ids: string[];
  diffs: number;
  /** Code blocks on the page. */
  blocks: number;
  /** Lines of code that wrap at this width, as "lang: first words". */
  wrapped: string[];
}

let outDir = '';
let server: Server | undefined;
let reports: PageReport[] = [];
let skipped = '';

function htmlPages(dir: string, at = dir): string[] {
  return readdirSync(at, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory())
      return entry.name === 'assets' ? [] : htmlPages(dir, join(at, entry.name));
    if (!entry.name.endsWith('.html') || entry.name === '404.html') return [];
    const path = `/${relative(dir, join(at, entry.name))}`.replace(/(index)?\.html$/, '');
    return [path];
  });
}

/** What one page shows a reader, measured in the browser. */
async function visit(page: Page, origin: string, path: string): Promise<PageReport> {
  const errors: string[] = [];
  const failed: string[] = [];
  page.removeAllListeners();
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  // A prefetch that the next navigation cancels (ERR_ABORTED) is not a request a reader sees fail.
  page.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText ?? '';
    if (reason !== 'net::ERR_ABORTED') failed.push(`${request.url()}: ${reason}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) failed.push(`${response.url()}: ${response.status()}`);
  });
  await page.goto(origin + path, { waitUntil: 'networkidle', timeout: 60_000 });
  // The page's own content, whatever the theme's scripts are still doing on a busy machine.
  await page.waitForSelector('.vp-doc h1', { timeout: 30_000 });
  const measured = await page.evaluate((host) => {
    for (const details of document.querySelectorAll('details')) details.open = true;
    const scrolling = [
      ...document.querySelectorAll<HTMLElement>('.vp-doc div[class*="language-"] pre'),
    ]
      .filter((pre) => pre.scrollWidth > pre.clientWidth + 1)
      .map(
        (pre) =>
          `${pre.scrollWidth - pre.clientWidth} px too wide: ${(pre.textContent ?? '').slice(0, 60)}`,
      );
    const links = [
      ...document.querySelectorAll<HTMLAnchorElement>('.vp-doc a[href], .VPSidebar a[href]'),
    ]
      .map((a) => new URL(a.href))
      .filter((url) => url.host === host)
      .map((url) => url.pathname.replace(/\.html$/, '') + url.hash);
    // A line of code taller than one line of text has wrapped: which, in which language.
    const wrapped = [
      ...document.querySelectorAll<HTMLElement>('.vp-doc div[class*="language-"]'),
    ].flatMap((block) => {
      const lang = /language-(\S+)/.exec(block.className)?.[1] ?? '';
      const code = block.querySelector('code');
      if (!code) return [];
      const lineHeight = Number.parseFloat(getComputedStyle(code).lineHeight);
      return [...code.querySelectorAll<HTMLElement>('.line')]
        .filter((line) => line.getBoundingClientRect().height > lineHeight * 1.5)
        .map((line) => {
          const what = line.classList.contains('in-ts') ? 'diff of ts' : lang;
          const text = line.textContent ?? '';
          return `${what} (${text.length} columns): ${text.slice(0, 60)}`;
        });
    });
    const ids = [...document.querySelectorAll('[id]')].map((el) => el.id);
    const diffs = document.querySelectorAll('.step-diff div.language-diff').length;
    const blocks = document.querySelectorAll('.vp-doc div[class*="language-"] pre').length;
    return { scrolling, wrapped, links, ids, diffs, blocks };
  }, new URL(origin).host);
  return { path, errors, failed, ...measured };
}

beforeAll(async () => {
  outDir = await siteDir();
  const serve = serveStatic(outDir, { extensions: ['html'] });
  server = createServer((request, response) =>
    serve(request, response, () => {
      response.statusCode = 404;
      response.end('not found');
    }),
  );
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    reports = await withBrowser(async (browser) => {
      const page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
      const visited: PageReport[] = [];
      for (const path of htmlPages(outDir)) visited.push(await visit(page, origin, path));
      return visited;
    });
  } catch (error) {
    if (!(error instanceof MissingToolError) || process.env.CI) throw error;
    skipped = error.message;
  }
}, 180_000);

afterAll(() => {
  server?.close();
});

describe(`the built site, in Chromium at ${WIDTH} px`, () => {
  it('has every chapter, and each after the first shows the diff from the step before', () => {
    if (skipped) return console.log(`Skipped: ${skipped}`);
    const chapters = reports.filter((r) => r.path.startsWith('/chapters/'));
    expect(chapters.length).toBeGreaterThan(0);
    expect(
      chapters
        .slice(1)
        .filter((r) => r.diffs !== 1)
        .map((r) => r.path),
      'chapters without their generated diff',
    ).toEqual([]);
  });

  it('no code block scrolls sideways', () => {
    const blocks = reports.reduce((sum, r) => sum + r.blocks, 0);
    const scrolling = reports.reduce((sum, r) => sum + r.scrolling.length, 0);
    console.log(`${scrolling} of ${blocks} code blocks scroll sideways at ${WIDTH} px`);
    expect(reports.flatMap((r) => r.scrolling.map((s) => `${r.path}: ${s}`))).toEqual([]);
  });

  // biome.json's lineWidth: the formatter keeps code within it, but for a long string or comment.
  const LINE_WIDTH = 100;
  it(`the steps' TypeScript within ${LINE_WIDTH} columns never wraps, included or in a diff`, () => {
    const all = reports.flatMap((r) => r.wrapped.map((w) => `${r.path}: ${w}`));
    const tooNarrow = all.filter((w) => {
      const [, what, columns] = /: (ts|typescript|diff of ts) \((\d+) columns\)/.exec(w) ?? [];
      const prefix = what === 'diff of ts' ? 1 : 0;
      return what !== undefined && Number(columns) <= LINE_WIDTH + prefix;
    });
    console.log(
      `${all.length} lines of code wrap at ${WIDTH} px: transcripts, HTML, and TypeScript over ${LINE_WIDTH} columns`,
    );
    expect(tooNarrow).toEqual([]);
  });

  it('no console error and no failed request', () => {
    expect(
      reports.flatMap((r) => [...r.errors, ...r.failed].map((e) => `${r.path}: ${e}`)),
    ).toEqual([]);
  });

  it('every internal link leads to a page and an anchor that exist', () => {
    const byPath = new Map(reports.map((r) => [r.path, r]));
    const broken = reports.flatMap((r) =>
      r.links.flatMap((link) => {
        const [path = '', anchor] = link.split('#');
        const target = byPath.get(path === '' ? r.path : path);
        if (!target) return [`${r.path}: links to ${link}, which is not a page of the site`];
        if (anchor && !target.ids.includes(decodeURIComponent(anchor)))
          return [`${r.path}: links to ${link}, which has no such anchor`];
        return [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
