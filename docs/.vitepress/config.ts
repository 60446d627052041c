// The site that shows the chapters (npm run docs). Its sidebar comes from the one list of steps,
// so a new chapter appears here when its step folder does.
import { listSteps } from '@hfs/tools/course.ts';
import { defineConfig } from 'vitepress';

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
