// The real diff in every chapter: a line `<!-- step-diff: 03-index-html 04-routing -->` in a
// chapter becomes, when the site builds, the unified diff between the two steps (the one
// `npm run diff -- 03 04` prints, from tools/src/diff.ts), coloured as a diff and folded in a
// <details>. Generated from the steps, never pasted: it cannot drift.
import type { MarkdownRenderer } from 'vitepress';
// By relative path, as the config imports the course: VitePress bundles relative imports.
import { findStep, listSteps, type Step } from '../tools/src/course.ts';
import { diffSteps } from '../tools/src/diff.ts';

const MARKER = /^<!--\s*step-diff:\s*(\S+)\s+(\S+)\s*-->$/;

/** The markers of a chapter: which diffs it shows. */
export function diffMarkers(markdown: string): { line: number; from: string; to: string }[] {
  return markdown.split('\n').flatMap((text, index) => {
    const marker = MARKER.exec(text.trim());
    return marker ? [{ line: index + 1, from: marker[1] ?? '', to: marker[2] ?? '' }] : [];
  });
}

/** What a diff changes, for the line that stands for it while it is folded. */
export function diffStats(patch: string): { files: number; added: number; removed: number } {
  const lines = patch.split('\n');
  const files =
    lines.filter((l) => l.startsWith('+++ ')).length +
    lines.filter((l) => /^(New binary file|Binary file)/.test(l)).length;
  const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++ ')).length;
  const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('--- ')).length;
  return { files, added, removed };
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The class of a diff line: a file name, a hunk, an added or a removed line, or context. */
function lineClass(line: string): string {
  if (line.startsWith('+++ ') || line.startsWith('--- ') || /^(New binary|Binary)/.test(line))
    return 'diff-file';
  if (line.startsWith('@@')) return 'diff-hunk';
  if (line.startsWith('+')) return 'diff-add';
  if (line.startsWith('-')) return 'diff-remove';
  return 'diff-context';
}

/**
 * The HTML that a marker becomes: the diff folded in a <details>, one span per line, coloured by
 * its kind: all a diff needs, without the site's highlighter, since chapter 6's has 3,800 lines.
 * `v-pre`: VitePress reads a page as a Vue template, and a `{{` in the code must stay text.
 */
export function diffBlock(from: Step, to: Step): string {
  const patch = diffSteps(from, to);
  const { files, added, removed } = diffStats(patch);
  // Lines of TypeScript are marked, so that the site's test can prove the steps' code never wraps.
  let inTs = false;
  const lines = patch
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => {
      const kind = lineClass(line);
      if (kind === 'diff-file') inTs = /\.ts$/.test(line);
      const ts = inTs && kind !== 'diff-file' ? ' in-ts' : '';
      return `<span class="line ${kind}${ts}">${escapeHtml(line)}</span>`;
    });
  const command = `npm run diff -- ${from.name.slice(0, 2)} ${to.name.slice(0, 2)}`;
  return [
    '<details class="step-diff" v-pre>',
    `<summary>The whole diff, <code>${command}</code>: ${files} files changed, ${added} lines added, ${removed} removed</summary>`,
    `<div class="language-diff"><span class="lang">diff</span><pre><code>${lines.join('\n')}</code></pre></div>`,
    '</details>',
    '',
  ].join('\n');
}

/** The diff a marker names; throws on a marker naming no step. */
function expandMarker(fromName: string, toName: string, steps: Step[]): string {
  const from = findStep(fromName, steps);
  const to = findStep(toName, steps);
  if (!from || !to) throw new Error(`step-diff: no step called "${from ? toName : fromName}"`);
  return diffBlock(from, to);
}

/**
 * The markdown-it plugin. A marker is an HTML comment, which markdown-it keeps as an html_block
 * token; after parsing, its content becomes the diff's HTML, so that no line of the diff is ever
 * read as Markdown.
 */
export function stepDiffPlugin(md: MarkdownRenderer): void {
  md.core.ruler.after('block', 'step-diff', (state) => {
    const steps = listSteps();
    for (const token of state.tokens) {
      if (token.type !== 'html_block') continue;
      const marker = MARKER.exec(token.content.trim());
      if (marker) token.content = expandMarker(marker[1] ?? '', marker[2] ?? '', steps);
    }
  });
}
