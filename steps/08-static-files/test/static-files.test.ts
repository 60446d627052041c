// The chapter's protocol code on its own, no socket: Range, Accept-Encoding, the conditional
// headers' order, and the chunked framing. (The harness checks the same over real sockets.)
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chunkedEncoder } from '../src/chunked.ts';
import { codingFor } from '../src/compression.ts';
import { ifRangeHolds, preconditionOf, type Validators } from '../src/conditional.ts';
import { rangeOf } from '../src/ranges.ts';
import type { Message } from '../src/session.ts';

describe('rangeOf, on a 1000-byte file', () => {
  it.each([
    ['bytes=0-9', { kind: 'part', range: { start: 0, end: 9 } }],
    ['bytes=990-', { kind: 'part', range: { start: 990, end: 999 } }],
    ['bytes=-10', { kind: 'part', range: { start: 990, end: 999 } }],
    ['bytes=-5000', { kind: 'part', range: { start: 0, end: 999 } }],
    ['bytes=995-2000', { kind: 'part', range: { start: 995, end: 999 } }],
    ['bytes=0-99999999999999999999', { kind: 'part', range: { start: 0, end: 999 } }],
    ['BYTES = 0-1', { kind: 'whole' }], // a space before "=": not the grammar
    ['bytes=0-0,0-0,0-4', { kind: 'part', range: { start: 0, end: 4 } }],
    ['bytes=0-4,5-9', { kind: 'part', range: { start: 0, end: 9 } }], // touching: merged
    ['bytes=0-4,100-104', { kind: 'whole' }], // disjoint: the whole file
    ['bytes=1000-', { kind: 'unsatisfiable' }],
    ['bytes=99999999999999999999-', { kind: 'unsatisfiable' }],
    ['bytes=-0', { kind: 'unsatisfiable' }],
    ['bytes=5-1', { kind: 'whole' }],
    ['items=0-5', { kind: 'whole' }],
    ['bytes=', { kind: 'whole' }],
    ['bytes=a-b', { kind: 'whole' }],
  ])('%s', (header, expected) => {
    expect(rangeOf(header, 1000)).toEqual(expected);
  });

  it('reads a thousand ranges in one pass', () => {
    expect(rangeOf(`bytes=${Array(1000).fill('0-0').join(',')}`, 1000)).toEqual({
      kind: 'part',
      range: { start: 0, end: 0 },
    });
  });
});

describe('codingFor, offering br, gzip and identity', () => {
  const offered = ['br', 'gzip', 'identity'] as const;
  it.each([
    [undefined, 'identity'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['gzip;q=0.5, br;q=0.4', 'gzip'],
    ['GZIP;Q=1', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['gzip;q=0, br;q=0', 'identity'],
    ['identity;q=0, gzip', 'gzip'],
    ['*;q=0', undefined],
    ['*;q=0, identity', 'identity'],
    ['gzip;q=2', 'identity'], // not a qvalue: the element is ignored
    ['identity', 'identity'],
  ])('%s', (header, expected) => {
    expect(codingFor(header, [...offered])).toBe(expected);
  });

  it('only identity on offer (an image, a range)', () => {
    expect(codingFor('gzip, br', ['identity'])).toBe('identity');
    expect(codingFor('identity;q=0, gzip', ['identity'])).toBeUndefined();
  });
});

describe('conditional requests, RFC 9110 13.2.2', () => {
  const current: Validators = {
    etag: '"v2"',
    lastModified: new Date('2024-05-01T10:00:00Z'),
  };
  const request = (...headers: [string, string][]): Message => ({
    method: 'GET',
    target: '/',
    version: 'HTTP/1.1',
    headers,
    body: Buffer.alloc(0),
  });
  const lastModified = 'Wed, 01 May 2024 10:00:00 GMT';

  it.each([
    [[], 'proceed'],
    [[['If-None-Match', '"v2"']], 'not-modified'],
    [[['If-None-Match', 'W/"v2"']], 'not-modified'],
    [[['If-None-Match', '"v1", "v2"']], 'not-modified'],
    [[['If-None-Match', '*']], 'not-modified'],
    [[['If-None-Match', '"v1"']], 'proceed'],
    [[['If-Modified-Since', lastModified]], 'not-modified'],
    [[['If-Modified-Since', 'Tue, 30 Apr 2024 10:00:00 GMT']], 'proceed'],
    [[['If-Modified-Since', 'Wednesday, 01-May-24 10:00:00 GMT']], 'not-modified'], // RFC 850
    [[['If-Modified-Since', 'Wed May  1 10:00:00 2024']], 'not-modified'], // asctime
    [[['If-Modified-Since', 'yesterday']], 'proceed'],
    [
      [
        ['If-None-Match', '"v1"'],
        ['If-Modified-Since', lastModified],
      ],
      'proceed',
    ], // the tag wins
    [[['If-Match', '"v1"']], 'failed'],
    [[['If-Match', 'W/"v2"']], 'failed'], // strong comparison
    [[['If-Match', '"v2"']], 'proceed'],
    [[['If-Unmodified-Since', 'Tue, 30 Apr 2024 10:00:00 GMT']], 'failed'],
  ] as Array<[[string, string][], string]>)('%j', (headers, expected) => {
    expect(preconditionOf(request(...headers), current)).toBe(expected);
  });

  it('If-Range: the current strong ETag or the exact date, else not', () => {
    expect(ifRangeHolds(request(['If-Range', '"v2"']), current)).toBe(true);
    expect(ifRangeHolds(request(['If-Range', lastModified]), current)).toBe(true);
    expect(ifRangeHolds(request(['If-Range', 'W/"v2"']), current)).toBe(false);
    expect(ifRangeHolds(request(['If-Range', '"v1"']), current)).toBe(false);
    expect(ifRangeHolds(request(['If-Range', 'Tue, 30 Apr 2024 10:00:00 GMT']), current)).toBe(
      false,
    );
  });
});

describe('chunkedEncoder', () => {
  it('frames each chunk with its hex size, skips empty ones, and ends with the last chunk', async () => {
    const parts: Buffer[] = [];
    const source = Readable.from([Buffer.from('hello'), Buffer.alloc(0), Buffer.alloc(26, 'x')]);
    for await (const part of source.pipe(chunkedEncoder())) parts.push(part as Buffer);
    expect(Buffer.concat(parts).toString()).toBe(
      `5\r\nhello\r\n1a\r\n${'x'.repeat(26)}\r\n0\r\n\r\n`,
    );
  });
});
