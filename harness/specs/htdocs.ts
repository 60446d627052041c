// The files a step serves: what is under its htdocs/, to compare with what it answers.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A file under htdocs/: its path there ("blog/index.html") and the URL path that names it. */
export interface HtdocsFile {
  file: string;
  urlPath: string;
}

/** Every file under a folder's htdocs/, dotfiles and dot-folders left out, sorted. */
export function htdocsFiles(root: string): HtdocsFile[] {
  const htdocs = join(root, 'htdocs');
  const found: HtdocsFile[] = [];
  const walk = (segments: string[]) => {
    const entries = readdirSync(join(htdocs, ...segments), { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const inner = [...segments, entry.name];
      if (entry.isDirectory()) walk(inner);
      else if (entry.isFile())
        found.push({
          file: inner.join('/'),
          urlPath: `/${inner.map(encodeURIComponent).join('/')}`,
        });
    }
  };
  walk([]);
  return found;
}

/** The bytes of a file under a folder's htdocs/; a missing one is said to be one of the course's pages. */
export function htdocsBytes(root: string, file: string): Buffer {
  try {
    return readFileSync(join(root, 'htdocs', file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new Error(
      `your htdocs/ has no ${file}: this check serves the course's pages (copy the chapter's htdocs/ from its step in steps/)`,
    );
  }
}
