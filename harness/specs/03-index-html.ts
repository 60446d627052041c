// Chapter 3: every request gets htdocs/index.html, fresh from disk.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectSameBytes } from '../src/report.ts';
import type { Spec } from '../src/spec.ts';

export const indexHtmlSpec: Spec = {
  id: '03-index-html',
  title: 'htdocs/index.html',
  from: 3,
  checks: [
    {
      name: 'every path gets the bytes of htdocs/index.html',
      until: 3,
      async run(t) {
        const page = readFileSync(join(t.target.cwd, 'htdocs', 'index.html'));
        for (const path of ['/', '/index.html', '/some/other/path?x=1', '/%F0%9F%91%8B']) {
          const { response } = await t.get(path);
          expect(response.status, `GET ${path}`).toBe(200);
          expectSameBytes(response.body, page, `the body for GET ${path}`);
        }
      },
    },
    {
      name: 'reads index.html on every request: edit it, reload, see the change',
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
  ],
};
