// The site that shows the chapters (npm run docs). Its sidebar comes from the one list of steps,
// so a new chapter appears here when its step folder does.
import { defineConfig } from 'vitepress';
// By relative path, not '@hfs/tools/course.ts': VitePress bundles relative imports into the
// config, but leaves packages to Node, which cannot load a .ts file (ERR_UNKNOWN_FILE_EXTENSION).
import { listSteps } from '../../tools/src/course.ts';

export default defineConfig({
  title: 'http-from-scratch',
  description: 'Build an HTTP/1.1 server in TypeScript from a raw TCP socket up.',
  cleanUrls: true,
  themeConfig: {
    sidebar: [
      {
        text: 'Chapters',
        items: listSteps().map((step) => ({
          text: `${step.chapter}. ${step.title}`,
          link: `/chapters/${step.name}`,
        })),
      },
    ],
  },
});
