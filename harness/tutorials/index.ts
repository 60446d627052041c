// The tutorials' servers as learners: one Python server per chapter 2 to 5, written the way the
// Python tutorials write them. Tests grade them as they would grade a learner's server.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Target } from '../src/targets.ts';

const tutorialsDir = fileURLToPath(new URL('.', import.meta.url));

/** Every tutorial server, by chapter: the folders named NN-name that hold a server.py. */
export function tutorialTargets(): Target[] {
  return readdirSync(tutorialsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^\d\d-/.test(entry.name))
    .map((entry) => {
      const dir = join(tutorialsDir, entry.name);
      return {
        name: `the tutorial's ${entry.name} (python3 server.py)`,
        cwd: dir,
        // The file by absolute path, as the grader makes it: a check starts it from elsewhere.
        command: ['python3', join(dir, 'server.py')],
        chapter: Number(entry.name.slice(0, 2)),
      };
    })
    .sort((a, b) => a.chapter - b.chapter);
}

/** The tutorial server of `chapter`; throws if there is none. */
export function tutorialTarget(chapter: number): Target {
  const target = tutorialTargets().find((t) => t.chapter === chapter);
  if (!target) throw new Error(`no tutorial server for chapter ${chapter}`);
  return target;
}
