// Chapter 8's graded exercises: cache what never changes for a year, and offer a file to save.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Exercise } from './exercise.ts';

const IMMUTABLE = 'max-age=31536000, immutable';

/** The header's value with the spaces after commas normalised: "a,b" and "a, b" are the same. */
function normalised(value: string | undefined): string | undefined {
  return value
    ?.split(',')
    .map((part) => part.trim())
    .join(', ');
}

export const exercises: Exercise[] = [
  {
    id: '8.2',
    chapter: 8,
    title: 'Immutable assets',
    task: 'Files under assets/ (whose names change with their content) answer Cache-Control: max-age=31536000, immutable; every other file still answers no-cache.',
    checks: [
      {
        name: 'a file under assets/ says Cache-Control: max-age=31536000, immutable; the others no-cache',
        async run(t) {
          // A copy of the server's folder, with an asset planted in htdocs/assets/.
          const { server, dir } = await t.launchCopy();
          mkdirSync(join(dir, 'htdocs', 'assets'), { recursive: true });
          writeFileSync(join(dir, 'htdocs', 'assets', 'app.3f9a1c.js'), 'console.log("hi");\n');
          const asset = await t.get('/assets/app.3f9a1c.js', ['Connection: close'], server);
          expect(asset.response.status, 'GET /assets/app.3f9a1c.js (the file exists)').toBe(200);
          expect(
            normalised(asset.response.header('cache-control')),
            'an asset is cached for a year, and never revalidated',
          ).toBe(IMMUTABLE);
          for (const path of ['/', '/ipsum.html']) {
            const { response } = await t.get(path, ['Connection: close'], server);
            expect(
              response.header('cache-control'),
              `GET ${path}: a file that may be edited is revalidated`,
            ).toBe('no-cache');
          }
        },
      },
    ],
    hint: {
      expects:
        'Cache-Control: max-age=31536000 lets a cache reuse the file for a year without asking, and immutable says not even a reload needs to revalidate it; choose it by the path under the folder.',
      rfc: 'RFC 9111 §5.2.2.1',
      chapter: 8,
      heading: 'Validators, and the 304',
      code: { file: 'src/static-files.ts', region: 'cache-control' },
    },
    solution: [
      {
        file: 'src/static-files.ts',
        find: "const CACHE_CONTROL = 'no-cache';\n",
        replace: `const CACHE_CONTROL = 'no-cache';
// Files under assets/ have their content's hash in their name: a new version is a new name, so
// the browser may keep each one for a year without asking again.
const ASSETS_CACHE_CONTROL = 'max-age=31536000, immutable';
`,
      },
      {
        file: 'src/static-files.ts',
        find: "      'Cache-Control': CACHE_CONTROL,\n",
        replace:
          "      'Cache-Control': (await this.inAssets(file)) ? ASSETS_CACHE_CONTROL : CACHE_CONTROL,\n",
      },
      {
        file: 'src/static-files.ts',
        find: '  // #region resolve-path\n',
        replace: `  /** The file is under the folder's assets/ (its real path: find() followed every link). */
  private async inAssets(file: OpenFile): Promise<boolean> {
    const root = await (this.rootRealPath ?? realpath(this.root));
    return path.relative(root, file.path).split(path.sep)[0] === 'assets';
  }

  // #region resolve-path
`,
      },
    ],
  },
  {
    id: '8.5',
    chapter: 8,
    title: 'Save as',
    task: 'With ?download in its query, a file answers Content-Disposition: attachment; filename="NAME" (its own name), so that the browser saves it instead of showing it; without, nothing changes.',
    checks: [
      {
        name: 'GET /ipsum.html?download says Content-Disposition: attachment; filename="ipsum.html"',
        async run(t) {
          const saved = await t.get('/ipsum.html?download', ['Connection: close']);
          expect(saved.response.status, 'GET /ipsum.html?download').toBe(200);
          expect(
            saved.response.header('content-disposition'),
            'GET /ipsum.html?download asks the browser to save the file',
          ).toBe('attachment; filename="ipsum.html"');
          const shown = await t.get('/ipsum.html', ['Connection: close']);
          expect(
            shown.response.header('content-disposition'),
            'GET /ipsum.html (no ?download) is shown, as before',
          ).toBeUndefined();
          const nested = await t.get('/blog/first-post.html?x=1&download=1', ['Connection: close']);
          expect(
            nested.response.header('content-disposition'),
            'the file name is the last segment of the path',
          ).toBe('attachment; filename="first-post.html"');
        },
      },
    ],
    hint: {
      expects:
        'Content-Disposition: attachment tells the browser to save the body, and its filename parameter suggests a name (the file\'s own, without its folders); look for "download" among the query\'s keys.',
      rfc: 'RFC 6266 §4',
      chapter: 8,
      heading: 'The code',
      code: { file: 'src/static-files.ts', region: 'answer' },
    },
    solution: [
      {
        file: 'src/static-files.ts',
        find: "      'Cache-Control': CACHE_CONTROL,\n",
        replace: `      'Cache-Control': CACHE_CONTROL,
      // ?download: the browser saves the file, under its own name, instead of showing it.
      ...(wantsDownload(request.target)
        ? { 'Content-Disposition': \`attachment; filename="\${path.basename(file.path)}"\` }
        : {}),
`,
      },
      {
        file: 'src/static-files.ts',
        find: '// #region compressible\n',
        replace: `/** The target's query has a "download" key: "/a.pdf?download", "/a.pdf?x=1&download=1". */
function wantsDownload(target: string): boolean {
  const question = target.indexOf('?');
  return question !== -1 && new URLSearchParams(target.slice(question + 1)).has('download');
}

// #region compressible
`,
      },
    ],
  },
];
