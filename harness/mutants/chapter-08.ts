// The naive static file servers of chapter 8: one that reads the whole file into memory, one whose
// ETag survives an edit, a Range off by one, compression without Vary, a 304 with a body, and a
// chunked body without its last chunk.
import { staticFilesSpec } from '../specs/08-static-files.ts';
import type { Mutant } from './mutant.ts';

const STEP = '08-static-files';

export const mutants: Mutant[] = [
  {
    name: 'reads-whole-file',
    step: STEP,
    bug: 'reads the whole file into memory in one read, however big it is',
    patches: [
      {
        file: 'src/static-files.ts',
        find: 'highWaterMark: READ_SIZE',
        replace: 'highWaterMark: end - start + 1',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check: 'streams a 64 MiB file to a slow reader with flat memory, and still serves others',
      failsWith: /peak memory grew by .* it holds the file in memory/,
    },
  },
  {
    name: 'stale-etag',
    step: STEP,
    bug: 'makes the ETag of the inode and size only, so an edit that keeps the size keeps the ETag',
    patches: [
      {
        file: 'src/conditional.ts',
        find: '[info.ino, info.size, info.mtimeNs]',
        replace: '[info.ino, info.size]',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check:
        'editing a file changes its ETag: the old ETag gets 200 and the new bytes, not a stale 304',
      failsWith: /should get 200 \(the file changed\), not/,
    },
  },
  {
    name: 'range-off-by-one',
    step: STEP,
    bug: "reads a range's last-pos as exclusive, as slice() would: bytes=0-9 sends 9 bytes",
    patches: [
      {
        file: 'src/ranges.ts',
        find: 'Math.min(Number(last), length - 1)',
        replace: 'Math.min(Number(last) - 1, length - 1)',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check:
        'Range: a single, an open-ended and a suffix range get 206 with Content-Range and exactly those bytes',
      failsWith: /Content-Range for Range: bytes=0-9/,
    },
  },
  {
    name: 'compression-without-vary',
    step: STEP,
    bug: 'compresses without Vary: Accept-Encoding, so a cache may serve gzip to a client without it',
    patches: [
      {
        file: 'src/static-files.ts',
        find: "      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),\n",
        replace: '',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check:
        'compresses text with gzip or br when Accept-Encoding allows, chunked, with Vary: Accept-Encoding',
      failsWith: /a compressed answer needs Vary: Accept-Encoding/,
    },
  },
  {
    name: 'not-modified-with-body',
    step: STEP,
    bug: 'answers 304 and sends a page after it anyway',
    patches: [
      {
        file: 'src/static-files.ts',
        find: 'return { status: 304, headers, body: Buffer.alloc(0) };',
        replace: "return { status: 304, headers, body: Buffer.from('<p>Not modified.</p>\\n') };",
      },
      {
        file: 'src/session.ts',
        find: 'return withoutBody === true || status === 204 || status === 304;',
        replace: 'return withoutBody === true || status === 204;',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check:
        'every file has an ETag and a Last-Modified; a revalidation with either gets 304 and no body',
      failsWith: /the 304 to If-None-Match: .* was followed by \d+ bytes of body/,
    },
  },
  {
    name: 'chunked-without-last-chunk',
    step: STEP,
    bug: 'ends a chunked body without the last chunk "0\\r\\n\\r\\n"',
    patches: [
      {
        file: 'src/chunked.ts',
        find: 'done(null, LAST_CHUNK);',
        replace: 'done();',
      },
    ],
    caughtBy: {
      spec: staticFilesSpec,
      check:
        'a chunked answer ends with its last chunk, and the next answer on the connection follows it',
      failsWith:
        /the chunked body is broken at byte \d+: expected a chunk size in hex, or the last chunk/,
    },
  },
];
