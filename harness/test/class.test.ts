// npm run grade -- --class: four sample students graded at chapter 2 in one command (the course's
// steps 02 and 03 as students, the Python tutorial's first server, one that never listens), the
// reports it writes, what a teacher sees of them in a real browser, and nothing of any student left
// running. (Chapter 2: each real grading costs about 8 s of CPU, and the class's mechanics are the
// same at any chapter.)
import { execFile } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findStep, repoRoot } from '@hfs/tools/course.ts';
import { expect, it } from 'vitest';
import { withBrowser } from '../src/browser.ts';
import { tsCommand } from '../src/targets.ts';

/** Each student's folder holds its server and `start`, the one command the class is graded with. */
function makeClass(): string {
  const classDir = mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), 'hfs-class-'));
  const student = (name: string, start: string, from?: string) => {
    const dir = join(classDir, name);
    if (from)
      cpSync(from, dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
    else mkdirSync(dir);
    writeFileSync(join(dir, 'start'), `#!/bin/sh\n${start}\n`);
    chmodSync(join(dir, 'start'), 0o755);
  };
  const [node, importFlag, tsx] = tsCommand('');
  for (const [name, step] of [
    ['ada', '02'],
    ['bo', '03'],
  ] as const)
    student(
      name,
      `exec ${node} ${importFlag} ${tsx} "$(dirname "$0")/src/server.ts"`,
      findStep(step)?.dir,
    );
  student(
    'dee',
    'exec python3 "$(dirname "$0")/server.py"',
    join(repoRoot, 'harness/tutorials/02-hello-http'),
  );
  student(
    'eve',
    `exec python3 -c "import time; print('starting up...', flush=True); time.sleep(600)"`,
  );
  return classDir;
}

/** The processes whose command line names `text` (a student's folder), other than ours. */
function processesNaming(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      if (cmdline.includes(text) && Number(pid) !== process.pid) found.push(`${pid}: ${cmdline}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

it('grades four students in one command, writes report.html and report.csv, and leaves nothing running', {
  timeout: 360_000,
}, async () => {
  const classDir = makeClass();
  const started = Date.now();
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          'harness/src/grade.ts',
          '--class',
          classDir,
          '--chapter',
          '2',
          '--',
          './start',
        ],
        {
          cwd: repoRoot,
          encoding: 'utf8',
          env: { ...process.env, INIT_CWD: repoRoot, NO_COLOR: '1' },
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    },
  );
  const seconds = (Date.now() - started) / 1000;
  expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(1);
  expect(seconds, 'the class, on this 2-core machine').toBeLessThan(180);
  // A line per student as each finishes.
  expect(result.stdout.match(/^\[\d\/4\] /gm)?.length).toBe(4);
  expect(result.stdout).toMatch(
    /^\[\d\/4\] eve: .*every check failed the same way: .*did not print "Listening on/m,
  );
  expect(processesNaming(classDir), 'processes of the students still running').toEqual([]);

  const csv = readFileSync(join(classDir, 'report.csv'), 'utf8').trim().split('\n');
  expect(csv[0]).toBe('student,chapter 1,chapter 2,passed,failed,points,possible,status,seconds');
  const rows = Object.fromEntries(csv.slice(1).map((line) => [line.split(',')[0], line]));
  expect(Object.keys(rows)).toEqual(['ada', 'bo', 'dee', 'eve']);
  // Step 02 is a chapter-2 server. Step 03 has replaced what chapter 2 asks for (the Hello, World!
  // page), which a chapter-2 grade still checks.
  expect(rows.ada, 'step 02 passes').toMatch(/,0,[\d.]+,[\d.]+,pass,\d+$/);
  expect(rows.bo, 'step 03: chapter 1 passes, chapter 2 fails on the page it replaced').toMatch(
    /^bo,(\d+)\/\1,\d+\/\d+,\d+,1,.*,fail,/,
  );
  expect(rows.dee).toContain(',fail,');
  for (const name of ['ada', 'bo', 'dee', 'eve'])
    expect(existsSync(join(classDir, 'grading', name, 'results.json')), name).toBe(true);

  await withBrowser(async (browser) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(join(classDir, 'report.html')).href);
    expect(await page.locator('tbody tr').count()).toBe(4);
    // Every red cell links to a first failure that is on the page.
    const links = await page
      .locator('td.fail a')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links)
      expect(await page.locator(href.replace(/^#(\d)/, '#\\3$1 ')).count(), href).toBe(1);
    const shot = join(classDir, 'class-report.png');
    await page.screenshot({ path: shot, fullPage: false });
    // The teachers' page shows this screenshot: HFS_UPDATE_SCREENSHOTS=1 npm test writes it there.
    if (process.env.HFS_UPDATE_SCREENSHOTS)
      cpSync(shot, join(repoRoot, 'docs', 'teach', 'class-report.png'));
    await page.locator('td.fail a').first().click();
    expect(new URL(page.url()).hash).toBe(links[0]);
    expect(errors).toEqual([]);
  });
});

it("takes every sub-folder for a student, but the grader's own output folder (a second run)", async () => {
  const { listStudents } = await import('../src/grading/class.ts');
  const classDir = mkdtempSync(join(process.env.HFS_COPIES_DIR ?? tmpdir(), 'hfs-class-list-'));
  for (const name of ['ada', 'bo', 'grading', '.git', 'node_modules'])
    mkdirSync(join(classDir, name));
  writeFileSync(join(classDir, 'report.html'), '');
  expect(listStudents(classDir, join(classDir, 'grading'))).toEqual(['ada', 'bo']);
});
