// Chapter 8: static files done right. Until now a file was read whole into memory and sent in one
// piece: a 1 GiB video cost 1 GiB per client, a reload downloaded everything again, a video could
// not seek and nothing was compressed. This file is what nginx, Caddy and `send` (the engine of
// express.static) do for every file, one idea per region.
//
// Contract: StaticFiles serves the files under one folder (htdocs/, or HTDOCS).
//   find(urlPath)         the file a decoded URL path names, opened: clean URLs ("/a/page" serves
//                         a/page.html), never anything outside the folder, never a dotfile;
//                         'folder' for a folder, undefined for nothing to serve (a 404).
//   answer(request, file) its response: 200, 206 (Range), 304 (not modified), 412 (a failed
//                         If-Match), 416 (no such range) or 406 (no acceptable coding). The body is
//                         a stream that reads the file as the client takes it: never the whole
//                         file in memory.
// RFC 9110: 8.8 (validators), 13 (conditional requests), 14 (ranges), 8.4 and 12.5.3 (codings).
import { type BigIntStats, constants } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import path from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { COMPRESSED, type Coding, codingFor, compressor } from './compression.ts';
import { etagForCoding, ifRangeHolds, preconditionOf, validatorsOf } from './conditional.ts';
import { type RangeAnswer, rangeOf } from './ranges.ts';
import { headerValue, type Message, type Response } from './session.ts';

/** An open file, ready to answer: its real path, its handle, what fstat said about it. */
export interface OpenFile {
  path: string;
  handle: FileHandle;
  info: BigIntStats;
}

/** How the server's own status pages look (412, 416, 406 come from here too). */
export type StatusPage = (
  status: number,
  explanation: string,
  headers?: Record<string, string>,
) => Response;

// #region cache-control
// "no-cache" does not mean "do not cache": it means "keep it, but ask me before you use it". The
// browser stores the file and revalidates it on every use, which costs a round trip and a 304 of
// a few hundred bytes, never the file again. We choose it over "max-age=N" because a course server
// serves files someone is editing: chapter 3's promise (edit the file, reload, see the change)
// must still hold. A site whose file names change with their content (VitePress' /assets/) could
// send "max-age=31536000, immutable" for those; a server cannot tell which files they are.
const CACHE_CONTROL = 'no-cache';
// #endregion cache-control

// #region compressible
// Text compresses to a third or a fifth; PNG, JPEG, WebP, woff2 and PDF are compressed already
// and would only cost CPU. Under 1 KiB, the response fits in one TCP segment either way.
const COMPRESSIBLE_TYPE = /^(text\/|image\/svg\+xml|application\/(json|xml|wasm))/;
const MIN_COMPRESSED_SIZE = 1024;
// #endregion compressible

export class StaticFiles {
  // Where the folder really is, symlinks followed: found on the first request, then remembered,
  // since it does not move while the server runs (its files may change: those are read every time).
  private rootRealPath: Promise<string> | undefined;

  constructor(
    private readonly root: string,
    private readonly statusPage: StatusPage,
  ) {}

  // #region find
  /**
   * The file a decoded URL path names, opened. Clean URLs, as nginx's `try_files $uri $uri.html`:
   * "/chapters/02-hello-http" serves chapters/02-hello-http.html when there is no file of that
   * name (a static site generator writes page.html and links to /page).
   */
  async find(urlPath: string): Promise<OpenFile | 'folder' | undefined> {
    const candidates = urlPath.endsWith('/') ? [urlPath] : [urlPath, `${urlPath}.html`];
    for (const candidate of candidates) {
      const found = await this.openServable(candidate);
      if (found) return found;
    }
    return undefined;
  }

  /**
   * Opens a file by its real path (resolvePath has followed every symlink). O_NOFOLLOW: if the file
   * was swapped for a symlink since, open() fails (ELOOP) rather than follow it out of the folder,
   * and the client gets a 404. Once open, the handle is the file: a rename or a delete afterwards
   * does not change what we send.
   */
  private async openServable(urlPath: string): Promise<OpenFile | 'folder' | undefined> {
    const file = await this.resolvePath(urlPath);
    if (file === undefined) return undefined;
    let handle: FileHandle;
    try {
      handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
    } catch (error) {
      // ELOOP here: a symlink where the file was when we resolved it (a loop found by realpath
      // above is a 500, as before: that is a broken folder, not a race).
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (code === 'ELOOP' || goneCodes.has(code)) return undefined;
      throw error;
    }
    const info = await handle.stat({ bigint: true });
    if (info.isFile()) return { path: file, handle, info };
    await handle.close();
    return info.isDirectory() ? 'folder' : undefined; // a socket or a device is not a page
  }
  // #endregion find

  // #region resolve-path
  /**
   * The real file a decoded URL path names under the folder, or undefined when there is no such
   * file or it must not be served: it would leave the folder ("..", a backslash, a NUL, a symlink
   * that points out), or it names a dotfile or dot-folder (.env, .git/) anywhere along the way.
   * Throws as the file system does when the path cannot be resolved (ELOOP, EACCES): a 500.
   */
  private async resolvePath(urlPath: string): Promise<string | undefined> {
    // Python's open('htdocs' + path) serves /../../etc/passwd. We refuse before touching the disk:
    // every segment starting with "." (that is "..", "." and every dotfile), backslashes (a
    // separator on Windows) and NUL (which ends a path in C, and makes Node throw).
    if (urlPath.includes('\\') || urlPath.includes('\0')) return undefined;
    if (urlPath.split('/').some((segment) => segment.startsWith('.'))) return undefined;
    const file = path.resolve(this.root, `.${urlPath}`);
    if (!isServable(this.root, file)) return undefined;
    // The path is fine on paper, but a symlink inside the folder could point anywhere: follow
    // every link (in the file's path and in the folder's own) and check the real path again.
    let realFile: string;
    try {
      realFile = await realpath(file);
    } catch (error) {
      if (goneCodes.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw error;
    }
    this.rootRealPath ??= realpath(this.root);
    return isServable(await this.rootRealPath, realFile) ? realFile : undefined;
  }
  // #endregion resolve-path

  // #region answer
  /**
   * The response for an open file. The order is RFC 9110's: choose the representation (which
   * coding), evaluate the preconditions against its validators (412, 304), then the Range (206,
   * 416), then send the bytes. The handle is closed here when no body will read it, else by the
   * body's stream when it ends.
   */
  async answer(request: Message, file: OpenFile): Promise<Response> {
    const size = Number(file.info.size);
    const type = contentTypeOf(file.path);
    const validators = validatorsOf(file.info);
    // Range is defined for GET only (RFC 9110 14.2); HEAD answers as the GET without it would.
    const range = request.method === 'GET' ? headerValue(request.headers, 'range') : undefined;
    // Compressed bytes have no known length, so they go chunked, which HTTP/1.0 cannot read; and
    // a range of compressed bytes is of no use to a player that seeks in the file.
    const compressible = COMPRESSIBLE_TYPE.test(type) && size >= MIN_COMPRESSED_SIZE;
    const offered: Coding[] =
      compressible && range === undefined && request.version === 'HTTP/1.1'
        ? [...COMPRESSED, 'identity']
        : ['identity'];
    const coding = codingFor(headerValue(request.headers, 'accept-encoding'), offered);
    const etag = etagForCoding(validators.etag, coding ?? 'identity');
    const headers: Record<string, string> = {
      ETag: etag,
      'Last-Modified': validators.lastModified.toUTCString(),
      'Cache-Control': CACHE_CONTROL,
      // The bytes of this URL depend on Accept-Encoding: a cache must key them on it too.
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    };

    const precondition = preconditionOf(request, { ...validators, etag });
    if (precondition !== 'proceed' || coding === undefined) {
      await file.handle.close();
      if (precondition === 'not-modified') return { status: 304, headers, body: Buffer.alloc(0) };
      if (precondition === 'failed')
        return this.statusPage(412, 'The file has changed since your copy.', headers);
      return this.statusPage(406, 'None of the content codings you accept is available.', {
        Vary: 'Accept-Encoding',
      });
    }

    headers['Content-Type'] = type;
    headers['Accept-Ranges'] = 'bytes';
    const part: RangeAnswer = ifRangeHolds(request, validators)
      ? rangeOf(range, size)
      : { kind: 'whole' };
    if (part.kind === 'unsatisfiable') {
      await file.handle.close();
      return this.statusPage(416, 'The file has no byte in the range you asked for.', {
        ...headers,
        'Content-Range': `bytes */${size}`,
      });
    }
    if (part.kind === 'part') {
      const { start, end } = part.range;
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      return { status: 206, headers, body: await fileBody(file.handle, start, end) };
    }
    if (coding !== 'identity') {
      headers['Content-Encoding'] = coding;
      return { status: 200, headers, body: compressedBody(file.handle, coding, size) };
    }
    return { status: 200, headers, body: await fileBody(file.handle, 0, size - 1) };
  }
  // #endregion answer
}

// #region file-body
// The most of a file we hold in memory for one response: one read.
const READ_SIZE = 64 * 1024;

/**
 * Bytes start to end (inclusive) of an open file. Up to READ_SIZE, they are read at once and sent
 * with the head in one write (a stream would cost more than the read, and a head and a body in
 * two writes cost a round trip). Beyond, a stream, read READ_SIZE at a time and only as fast as
 * the client takes it (the session pipes it into the socket, and a pipe pauses while the socket's
 * buffer is full). The stream closes the file when it ends or is destroyed. If the file shrinks
 * while it is read, the stream ends early and the session sees fewer bytes than the
 * Content-Length it promised; if it grows, `end` stops the read at the length we promised.
 */
async function fileBody(handle: FileHandle, start: number, end: number): Promise<Response['body']> {
  const length = end - start + 1;
  if (length > READ_SIZE) return { stream: readStream(handle, start, end), length };
  try {
    const bytes = Buffer.alloc(Math.max(0, length));
    const { bytesRead } = await handle.read(bytes, 0, bytes.length, start);
    return bytes.subarray(0, bytesRead); // a file that shrank since fstat: what is there
  } finally {
    await handle.close();
  }
}

/** The whole file, compressed as it is read. Its length is known only at the end: no length. */
function compressedBody(handle: FileHandle, coding: Exclude<Coding, 'identity'>, size: number) {
  const compressed = compressor(coding, size);
  // An error in either stream destroys both; the session hears of it from `compressed`.
  pipeline(readStream(handle, 0, size - 1), compressed, () => {});
  return { stream: compressed };
}

function readStream(handle: FileHandle, start: number, end: number): Readable {
  return handle.createReadStream({ start, end, highWaterMark: READ_SIZE });
}
// #endregion file-body

// No such file; a file where a folder should be (/index.html/x); a name longer than the disk allows.
const goneCodes = new Set(['ENOENT', 'ENOTDIR', 'ENAMETOOLONG']);

/** True when file lies inside root and no segment of its path below root starts with a dot. */
function isServable(root: string, file: string): boolean {
  // The separator matters: without it, /srv/htdocs-secret/x would pass for /srv/htdocs.
  const rootWithSeparator = root.endsWith(path.sep) ? root : `${root}${path.sep}`;
  if (!file.startsWith(rootWithSeparator)) return false;
  const below = file.slice(rootWithSeparator.length).split(path.sep);
  return below.every((segment) => !segment.startsWith('.'));
}

// #region content-type
// The browser does not guess from the name: it believes Content-Type. A stylesheet sent as
// text/plain is ignored, a PNG sent as text/html is shown as garbage.
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.ico': 'image/vnd.microsoft.icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function contentTypeOf(file: string): string {
  // Anything else is "some bytes": the browser offers to download it rather than guess.
  return contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
// #endregion content-type
