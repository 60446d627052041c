// The site that shows the chapters (npm run docs). Its sidebar comes from the one list of steps,
// so a new chapter appears here when its step folder does.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitepress';
// By relative path, not '@hfs/tools/course.ts': VitePress bundles relative imports into the
// config, but leaves packages to Node, which cannot load a .ts file (ERR_UNKNOWN_FILE_EXTENSION).
import { listSteps, repoRoot } from '../../tools/src/course.ts';
import { stepDiffPlugin } from '../step-diff.ts';

export default defineConfig({
  title: 'http-from-scratch',
  description: 'Build an HTTP/1.1 server in TypeScript from a raw TCP socket up.',
  cleanUrls: true,
  // A tab icon of our own: without one, the browser's request for /favicon.ico fails on every page.
  head: [['link', { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' }]],
  // Each chapter's Diff section: the real diff from the step before, generated at build time.
  markdown: { config: stepDiffPlugin },
  themeConfig: {
    sidebar: [
      {
        text: 'Doing the course',
        items: [
          { text: 'How to do the course', link: '/learn' },
          { text: 'Teaching a class', link: '/teach' },
        ],
      },
      {
        text: 'Chapters',
        // A step whose chapter is still being written gets its page when the chapter lands.
        items: listSteps()
          .filter((step) => existsSync(join(repoRoot, step.doc)))
          .map((step) => ({
            text: `${step.chapter}. ${step.title}`,
            link: `/chapters/${step.name}`,
          })),
      },
    ],
  },
});
