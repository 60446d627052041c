// Chapter 4: the request line chooses the file. Paths map to files under htdocs/ (folders to their
// index.html), byte-exact with a Content-Type from the extension; /get describes the request; a
// handler that throws answers 500; one access-log line per request.
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { expect } from 'vitest';
import { withBrowser } from '../src/browser.ts';
import { curl } from '../src/clients.ts';
import type { Launched } from '../src/launch.ts';
import { requestHead } from '../src/raw-client.ts';
import { expectSameBytes } from '../src/report.ts';
import type { CheckContext, Spec } from '../src/spec.ts';
import { htdocsBytes, htdocsFiles } from './htdocs.ts';
import { mediaType, parseJson } from './requests.ts';

// The Content-Type the chapter asks for, by extension (where two spellings are in use, either).
const MEDIA_TYPES: Record<string, RegExp> = {
  html: /^text\/html$/,
  css: /^text\/css$/,
  js: /^(text|application)\/javascript$/,
  mjs: /^(text|application)\/javascript$/,
  json: /^application\/json$/,
  txt: /^text\/plain$/,
  svg: /^image\/svg\+xml$/,
  png: /^image\/png$/,
  jpg: /^image\/jpeg$/,
  gif: /^image\/gif$/,
  ico: /^image\/(x-icon|vnd\.microsoft\.icon)$/,
  webp: /^image\/webp$/,
  woff2: /^font\/woff2$/,
  wasm: /^application\/wasm$/,
  pdf: /^application\/pdf$/,
  xml: /^(application|text)\/xml$/,
};
const UNKNOWN_TYPE = /^application\/octet-stream$/;

/** The media type a file should be served with, e.g. /^image\/png$/ for "images/logo.png". */
function expectedMediaType(file: string): RegExp {
  return MEDIA_TYPES[extname(file).slice(1)] ?? UNKNOWN_TYPE;
}

/** GETs `path` and expects a 200 with exactly these bytes (`what` they are) and this media type. */
async function expectServed(
  t: CheckContext,
  path: string,
  bytes: Buffer,
  type: RegExp,
  what: string,
  to: Launched = t.server,
): Promise<void> {
  const { response } = await t.get(path, [], to);
  expect(response.status, `GET ${path} should answer 200 with ${what}`).toBe(200);
  expectSameBytes(response.body, bytes, `the body of GET ${path} (${what})`);
  expect(
    mediaType(response.header('content-type')),
    `the Content-Type of GET ${path} (${what})`,
  ).toMatch(type);
}

/** Files with every extension of the Content-Type table, and two without a known one. */
const PLANTED_TYPES = [...Object.keys(MEDIA_TYPES), 'bin', 'tar.gz', 'unknownext'];

export const routingSpec: Spec = {
  id: '04-routing',
  title: 'routing: paths to files',
  from: 4,
  checks: [
    {
      name: 'the request line chooses the file: / and /ipsum.html are different pages',
      async run(t) {
        const index = htdocsBytes(t.target.cwd, 'index.html');
        const ipsum = htdocsBytes(t.target.cwd, 'ipsum.html');
        expect(index.equals(ipsum), 'htdocs/index.html and htdocs/ipsum.html should differ').toBe(
          false,
        );
        await expectServed(t, '/', index, /^text\/html$/, 'htdocs/index.html');
        await expectServed(t, '/ipsum.html', ipsum, /^text\/html$/, 'htdocs/ipsum.html');
        // HTTP/1.0 (no Host needed) and a head typed in nc (bare LF) choose the same way.
        for (const request of [
          'GET /ipsum.html HTTP/1.0\r\n\r\n',
          'GET /ipsum.html HTTP/1.1\nHost: localhost\n\n',
        ]) {
          const { response } = await t.exchange(request);
          expect(response.status, JSON.stringify(request)).toBe(200);
          expectSameBytes(response.body, ipsum, `the body for ${JSON.stringify(request)}`);
        }
      },
    },
    {
      name: "/ and /blog/ give the folder's index.html",
      async run(t) {
        const folders = htdocsFiles(t.target.cwd)
          .filter(({ file }) => file === 'index.html' || file.endsWith('/index.html'))
          .map(({ file, urlPath }) => ({ file, folder: urlPath.slice(0, -'index.html'.length) }));
        expect(
          folders.filter(({ folder }) => folder !== '/').length,
          'htdocs/ should have a folder with its own index.html (blog/index.html)',
        ).toBeGreaterThan(0);
        for (const { file, folder } of folders) {
          await expectServed(
            t,
            folder,
            htdocsBytes(t.target.cwd, file),
            /^text\/html$/,
            `htdocs/${file}`,
          );
        }
      },
    },
    {
      name: 'every file in htdocs/, nested ones too, byte-exact with its Content-Type',
      async run(t) {
        const files = htdocsFiles(t.target.cwd);
        expect(
          files.some(({ file }) => file.includes('/')),
          'htdocs/ should have files in folders',
        ).toBe(true);
        for (const { file, urlPath } of files) {
          await expectServed(
            t,
            urlPath,
            htdocsBytes(t.target.cwd, file),
            expectedMediaType(file),
            `htdocs/${file}`,
          );
        }
      },
    },
    {
      name: 'Content-Type from the extension: html css js mjs json txt svg png jpg gif ico webp woff2 wasm pdf xml, else application/octet-stream',
      expensive: true,
      async run(t) {
        const { server, dir } = await t.launchCopy();
        mkdirSync(join(dir, 'htdocs', 'types'));
        for (const extension of PLANTED_TYPES) {
          const file = `types/file.${extension}`;
          const bytes = Buffer.concat([Buffer.from(`${extension}\n`), randomBytes(16)]);
          writeFileSync(join(dir, 'htdocs', file), bytes);
          await expectServed(
            t,
            `/${file}`,
            bytes,
            expectedMediaType(file),
            `htdocs/${file}`,
            server,
          );
        }
        const noExtension = Buffer.from('no extension at all\n');
        writeFileSync(join(dir, 'htdocs', 'types', 'README'), noExtension);
        await expectServed(
          t,
          '/types/README',
          noExtension,
          UNKNOWN_TYPE,
          'htdocs/types/README',
          server,
        );
      },
    },
    {
      name: 'a query string does not change which file is served',
      async run(t) {
        const ipsum = htdocsBytes(t.target.cwd, 'ipsum.html');
        const index = htdocsBytes(t.target.cwd, 'index.html');
        for (const path of ['/ipsum.html?a=1', '/ipsum.html?', '/ipsum.html?x=/index.html&y=%2F']) {
          await expectServed(t, path, ipsum, /^text\/html$/, 'htdocs/ipsum.html');
        }
        for (const path of ['/?page=ipsum.html', '/?../ipsum.html']) {
          await expectServed(t, path, index, /^text\/html$/, 'htdocs/index.html');
        }
      },
    },
    {
      // No client sends a fragment (RFC 9112 §3.2 has none), but one typed in nc does: the course
      // serves the path, as it does with the query, rather than looking for "ipsum.html#top".
      name: 'a fragment typed by hand does not change which file is served: GET /ipsum.html#top',
      async run(t) {
        const ipsum = htdocsBytes(t.target.cwd, 'ipsum.html');
        const index = htdocsBytes(t.target.cwd, 'index.html');
        for (const path of ['/ipsum.html#top', '/ipsum.html?x=1#top', '/ipsum.html#a?b']) {
          await expectServed(t, path, ipsum, /^text\/html$/, 'htdocs/ipsum.html');
        }
        await expectServed(t, '/#ipsum.html', index, /^text\/html$/, 'htdocs/index.html');
      },
    },
    {
      name: 'a percent-encoded path is decoded once: /ipsum%2Ehtml, /a%20b.html, /%2541.html names "%41.html"',
      expensive: true,
      async run(t) {
        const { server, dir } = await t.launchCopy();
        const plant = (name: string) => {
          const bytes = Buffer.from(`<p>this is ${name} ${randomBytes(8).toString('hex')}</p>\n`);
          writeFileSync(join(dir, 'htdocs', name), bytes);
          return bytes;
        };
        const html = /^text\/html$/;
        const ipsum = htdocsBytes(dir, 'ipsum.html');
        await expectServed(t, '/ipsum%2Ehtml', ipsum, html, 'htdocs/ipsum.html', server);
        await expectServed(t, '/%69psum.html', ipsum, html, 'htdocs/ipsum.html', server);
        await expectServed(t, '/a%20b.html', plant('a b.html'), html, 'htdocs/"a b.html"', server);
        await expectServed(
          t,
          '/caf%C3%A9.html',
          plant('café.html'),
          html,
          'htdocs/café.html',
          server,
        );
        const upperA = plant('A.html');
        const percent41 = plant('%41.html');
        await expectServed(t, '/%41.html', upperA, html, 'htdocs/A.html', server);
        await expectServed(
          t,
          '/%2541.html',
          percent41,
          html,
          'htdocs/%41.html: %25 is "%", and the result is not decoded a second time',
          server,
        );
      },
    },
    {
      name: 'an absolute-form target works: GET http://host:port/ipsum.html (RFC 9112 3.2.2)',
      async run(t) {
        const ipsum = htdocsBytes(t.target.cwd, 'ipsum.html');
        const { authority } = t.server;
        for (const target of [
          `http://${authority}/ipsum.html`,
          `http://${authority}/ipsum.html?q=1`,
        ]) {
          const { response } = await t.exchange(requestHead('GET', target, authority));
          expect(response.status, `GET ${target}`).toBe(200);
          expectSameBytes(response.body, ipsum, `the body of GET ${target} (htdocs/ipsum.html)`);
        }
      },
    },
    {
      name: 'GET /get?a=1&a=2&b=x answers JSON describing the request, as httpbin.org does',
      async run(t) {
        const url = `${t.server.url}/get?a=1&a=2&b=x`;
        const response = await fetch(url, {
          headers: { 'X-Course': 'http-from-scratch' },
          signal: AbortSignal.timeout(10_000),
        });
        expect(response.status, 'GET /get').toBe(200);
        expect(mediaType(response.headers.get('content-type')), 'GET /get Content-Type').toBe(
          'application/json',
        );
        const answer = parseJson(await response.text(), 'GET /get') as {
          args?: unknown;
          headers?: Record<string, unknown>;
          url?: unknown;
        };
        expect(answer.args, 'args: a repeated key gives a list, as in httpbin').toEqual({
          a: ['1', '2'],
          b: 'x',
        });
        const headers = Object.fromEntries(
          Object.entries(answer.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
        );
        expect(headers, 'headers: the request headers, by name').toMatchObject({
          host: t.server.authority,
          'x-course': 'http-from-scratch',
        });
        expect(typeof answer.url, 'url: the URL that was asked for').toBe('string');
        const asked = new URL(String(answer.url));
        expect(`${asked.pathname}${asked.search}`, 'url').toBe('/get?a=1&a=2&b=x');
      },
    },
    {
      name: 'a handler that throws answers 500, and the server carries on',
      expensive: true,
      async run(t) {
        const { server, dir } = await t.launchCopy();
        // A symbolic link to itself: reading it fails with ELOOP, an error no handler expects.
        symlinkSync('loop.html', join(dir, 'htdocs', 'loop.html'));
        const why = 'GET /loop.html (htdocs/loop.html links to itself, so reading it throws ELOOP)';
        const { response } = await t.get('/loop.html', [], server).catch((error: Error) => {
          throw new Error(`${why}: ${error.message}; a handler that throws should answer 500`);
        });
        expect(response.status, why).toBe(500);
        await t.stillServes(server);
        await expectServed(
          t,
          '/',
          htdocsBytes(dir, 'index.html'),
          /^text\/html$/,
          'htdocs/index.html',
          server,
        );
      },
    },
    {
      name: 'one access-log line per request on stdout, in Common Log Format',
      async run(t) {
        const mark = t.server.mark();
        const logged = async (tag: string) => {
          const path = `/ipsum.html?log=${tag}`;
          const { response } = await t.get(path);
          const line = new RegExp(
            String.raw`^\S+ \S+ \S+ \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] "GET /ipsum\.html\?log=${tag} HTTP/1\.1" 200 (\d+)$`,
          );
          await t.server.waitForOutput(line, 3000, mark).catch((error: Error) => {
            throw new Error(
              `expected a log line like 127.0.0.1 - - [24/Nov/2026:09:12:30 +0000] "GET ${path} HTTP/1.1" 200 ${response.body.length}\n${error.message}`,
            );
          });
          return { line, response };
        };
        const first = await logged(randomBytes(6).toString('hex'));
        // Once the second request's line is there, the first one's lines are all in.
        await logged(randomBytes(6).toString('hex'));
        const lines = t.server.output
          .linesFrom(mark)
          .filter((l) => l.stream === 'stdout' && first.line.test(l.text));
        expect(lines.length, 'one log line per request, on stdout').toBe(1);
        const bytes = first.line.exec(lines[0]?.text ?? '')?.[1];
        expect(Number(bytes), 'the last field counts the bytes of the body sent').toBe(
          first.response.body.length,
        );
      },
    },
    {
      name: "curl and Node's fetch get a PNG byte-exact, as image/png",
      async run(t) {
        const png = htdocsFiles(t.target.cwd).find(({ file }) => file.endsWith('.png'));
        if (!png) throw new Error('htdocs/ should hold a PNG image (images/logo.png)');
        const bytes = htdocsBytes(t.target.cwd, png.file);
        const fetched = await fetch(`${t.server.url}${png.urlPath}`, {
          signal: AbortSignal.timeout(10_000),
        });
        expect(fetched.status, `fetch ${png.urlPath}`).toBe(200);
        expect(fetched.headers.get('content-type'), `fetch ${png.urlPath}`).toMatch(/^image\/png/);
        expectSameBytes(Buffer.from(await fetched.arrayBuffer()), bytes, `fetch ${png.urlPath}`);
        const run = await curl(`${t.server.url}${png.urlPath}`);
        expect(run.code, `curl failed: ${run.stderr}`).toBe(0);
        const headEnd = run.stdout.indexOf('\r\n\r\n');
        const head = run.stdout.subarray(0, headEnd).toString('latin1');
        expect(head, `curl ${png.urlPath}`).toMatch(/^HTTP\/1\.1 200 /);
        expect(head, `curl ${png.urlPath}`).toMatch(/\r\ncontent-type: image\/png/i);
        expectSameBytes(run.stdout.subarray(headEnd + 4), bytes, `curl ${png.urlPath}`);
      },
    },
    {
      name: 'in a real browser, / shows with its stylesheet applied and its image loaded',
      expensive: true,
      timeoutMs: 40_000,
      async run(t) {
        const seen = await withBrowser(async (browser) => {
          const page = await browser.newPage();
          const response = await page.goto(`${t.server.url}/`);
          await page.waitForLoadState('load');
          // Plain JavaScript run in the page (the harness is compiled without the DOM's types).
          const inPage = (await page.evaluate(`(() => ({
            sheets: [...document.styleSheets].map((s) => ({ href: s.href, rules: s.cssRules.length })),
            images: [...document.images].map((i) => ({ src: i.src, width: i.naturalWidth })),
          }))()`)) as {
            sheets: Array<{ href: string; rules: number }>;
            images: Array<{ src: string; width: number }>;
          };
          return { status: response?.status(), ...inPage };
        });
        expect(seen.status, 'the page').toBe(200);
        expect(seen.sheets.length, 'the page should link a stylesheet').toBeGreaterThan(0);
        for (const sheet of seen.sheets) {
          expect(
            sheet.rules,
            `the stylesheet ${sheet.href} was not applied (a browser ignores CSS not served as text/css)`,
          ).toBeGreaterThan(0);
        }
        expect(seen.images.length, 'the page should show an image').toBeGreaterThan(0);
        for (const image of seen.images) {
          expect(image.width, `the image ${image.src} did not load`).toBeGreaterThan(0);
        }
      },
    },
  ],
};
