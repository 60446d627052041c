// The class's reports: report.html (a row per student, a column per chapter, each cell the count
// of checks passed, linking to that student's first failure in the chapter) and report.csv.
import type { resultsJson } from './results.ts';

export type Results = ReturnType<typeof resultsJson>;

export interface StudentResult {
  name: string;
  /** Absent when the student could not be graded (see error). */
  results: Results | undefined;
  error: string | undefined;
  seconds: number;
}

interface ChapterHeading {
  chapter: number;
  title: string;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function anchor(student: string, chapter: number): string {
  return `${student.replace(/[^\w-]/g, '_')}-ch${chapter}`;
}

function chapterTests(results: Results, chapter: number) {
  return results.tests.filter((t) => t.chapter === chapter);
}

function cell(student: StudentResult, chapter: number): string {
  if (!student.results) return '<td class="error">-</td>';
  const tests = chapterTests(student.results, chapter);
  if (tests.length === 0) return '<td class="none">-</td>';
  const passed = tests.filter((t) => t.status === 'pass').length;
  const count = `${passed}/${tests.length}`;
  if (passed === tests.length) return `<td class="pass">${count}</td>`;
  return `<td class="fail"><a href="#${anchor(student.name, chapter)}">${count}</a></td>`;
}

function failures(student: StudentResult, chapters: ChapterHeading[]): string {
  if (!student.results)
    return `<section id="${anchor(student.name, 0)}"><h3>${escapeHtml(student.name)}</h3><p class="error">Could not be graded: ${escapeHtml(student.error ?? '')}</p></section>`;
  const parts: string[] = [];
  for (const { chapter, title } of chapters) {
    const failed = chapterTests(student.results, chapter).filter((t) => t.status !== 'pass');
    const first = failed[0];
    if (!first) continue;
    const more =
      failed.length > 1
        ? `<p>and ${failed.length - 1} more failing: ${failed
            .slice(1)
            .map((t) => escapeHtml(t.name.split(' · ').at(-1) ?? ''))
            .join('; ')}</p>`
        : '';
    parts.push(
      `<section id="${anchor(student.name, chapter)}"><h3>${escapeHtml(student.name)}, chapter ${chapter} (${escapeHtml(title)}): ${escapeHtml(first.name.split(' · ').at(-1) ?? '')}</h3><pre>${escapeHtml(first.message ?? '')}</pre>${first.output ? `<pre class="output">${escapeHtml(first.output)}</pre>` : ''}${more}</section>`,
    );
  }
  return parts.join('\n');
}

export function classHtml(students: StudentResult[], chapters: ChapterHeading[]): string {
  const head = chapters
    .map(
      ({ chapter, title }) =>
        `<th title="${escapeHtml(title)}">${chapter}. ${escapeHtml(title)}</th>`,
    )
    .join('');
  const rows = students
    .map((s) => {
      const points = s.results ? `${s.results.points.earned}/${s.results.points.possible}` : '-';
      const name = s.results
        ? escapeHtml(s.name)
        : `<a href="#${anchor(s.name, 0)}">${escapeHtml(s.name)}</a>`;
      return `<tr><th scope="row">${name}</th>${chapters.map(({ chapter }) => cell(s, chapter)).join('')}<td class="points">${points}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Class report: chapters 1-${chapters.length}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1b1f; }
  table { border-collapse: collapse; margin-bottom: 2rem; }
  th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: center; }
  thead th { background: #f3f3f5; font-weight: 600; }
  th[scope=row] { text-align: left; }
  td.pass { background: #e3f6e8; color: #155724; }
  td.fail { background: #fde8e8; }
  td.fail a { color: #8a1c1c; font-weight: 600; }
  td.error, p.error { color: #8a1c1c; }
  td.points { font-weight: 600; }
  pre { background: #f6f6f7; padding: 0.8rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; font-size: 13px; }
  pre.output { background: #fffbea; }
  section { margin-bottom: 1.5rem; }
  h3 { font-size: 1rem; }
</style>
</head>
<body>
<h1>Class report: chapters 1-${chapters.length}</h1>
<p>${students.length} students. Each cell is the checks passed in that chapter; a red one links to the student's first failure there.</p>
<table>
<thead><tr><th>Student</th>${head}<th>Points</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<h2>First failures</h2>
${students.map((s) => failures(s, chapters)).join('\n')}
</body>
</html>
`;
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function classCsv(students: StudentResult[], chapters: ChapterHeading[]): string {
  const header = [
    'student',
    ...chapters.map(({ chapter }) => `chapter ${chapter}`),
    'passed',
    'failed',
    'points',
    'possible',
    'status',
    'seconds',
  ];
  const rows = students.map((s) => {
    const tests = s.results?.tests ?? [];
    const perChapter = chapters.map(({ chapter }) => {
      const t = s.results ? chapterTests(s.results, chapter) : [];
      return t.length ? `${t.filter((x) => x.status === 'pass').length}/${t.length}` : '';
    });
    const passed = tests.filter((t) => t.status === 'pass').length;
    return [
      s.name,
      ...perChapter,
      passed,
      tests.length - passed,
      s.results?.points.earned ?? 0,
      s.results?.points.possible ?? 0,
      s.results?.status ?? `error: ${s.error}`,
      Math.round(s.seconds),
    ];
  });
  return `${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}
