// Chapter 3: every request gets htdocs/index.html, fresh from disk.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectSameBytes } from '../src/report.ts';
import type { Spec } from '../src/spec.ts';
import { htdocsBytes } from './htdocs.ts';

export const indexHtmlSpec: Spec = {
  id: '03-index-html',
  title: 'htdocs/index.html',
  from: 3,
  checks: [
    {
      name: 'every path gets the bytes of htdocs/index.html',
      until: 3,
      async run(t) {
        const page = htdocsBytes(t.target.cwd, 'index.html');
        for (const path of ['/', '/index.html', '/some/other/path?x=1', '/%F0%9F%91%8B']) {
          const { response } = await t.get(path);
          expect(response.status, `GET ${path}`).toBe(200);
          expectSameBytes(response.body, page, `the body for GET ${path}`);
        }
      },
    },
    {
      name: 'reads index.html on every request: edit it, reload, see the change',
      expensive: true,
      async run(t) {
        const { server, dir } = await t.launchCopy();
        const file = join(dir, 'htdocs', 'index.html');
        const first = await t.get('/', [], server);
        const edited = `${readFileSync(file, 'utf8')}<!-- edited ${Date.now()} -->\n`;
        writeFileSync(file, edited);
        const second = await t.get('/', [], server);
        expect(
          first.response.body.equals(second.response.body),
          'the page did not change after editing the file',
        ).toBe(false);
        expectSameBytes(second.response.body, Buffer.from(edited), 'the page after the edit');
      },
    },
    {
      // Chapter 4 serves other files, and chapter 5 answers a missing one with 404.
      name: 'answers 500 when index.html cannot be read, and serves it again once it is back',
      until: 3,
      async run(t) {
        const { server, dir } = await t.launchCopy();
        const file = join(dir, 'htdocs', 'index.html');
        renameSync(file, `${file}.away`);
        const { response } = await t.get('/', [], server).catch((error: Error) => {
          throw new Error(
            `with htdocs/index.html renamed away, GET / got no answer (it should get a 500, and the server should carry on): ${error.message}`,
          );
        });
        expect(response.status, 'with htdocs/index.html renamed away, GET / should get').toBe(500);
        expect(
          response.header('content-length'),
          'the 500 needs a Content-Length too',
        ).toBeDefined();
        renameSync(`${file}.away`, file);
        await t.stillServes(server);
        const { response: again } = await t.get('/', [], server);
        expect(again.status, 'with index.html back, GET / should get').toBe(200);
        expectSameBytes(again.body, htdocsBytes(dir, 'index.html'), 'the page once it is back');
      },
    },
  ],
};
