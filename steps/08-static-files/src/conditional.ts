// Chapter 8: validators and conditional requests. A browser that has a page in its cache asks
// "has it changed since?" (If-None-Match: the ETag it was given; If-Modified-Since: the
// Last-Modified it was given), and we answer 304 Not Modified, with no body, when it has not.
//
// Contract: validatorsOf() gives a file's ETag and Last-Modified from its stat; preconditionOf()
// evaluates a request's conditional header fields against them, in the order RFC 9110 13.2.2
// sets, and says whether to answer normally, 304 or 412; ifRangeHolds() says whether a Range may
// be honoured. None of them touches the file or the socket.
import type { BigIntStats } from 'node:fs';
import { headerValue, type Message } from './session.ts';

// #region validators
export interface Validators {
  /** A strong entity tag, quotes included: "3a-9c4f1b2e0d3a1c00". */
  etag: string;
  /** The file's modification time, whole seconds (HTTP dates have no finer grain). */
  lastModified: Date;
}

/**
 * The ETag names this version of the file: its inode, size and modification time in nanoseconds.
 * An edit changes the time (and usually the size); an editor that saves by writing a new file and
 * renaming it over the old one changes the inode. Hashing the content would be surer, and would
 * read the whole file on every request, 304s included.
 */
export function validatorsOf(info: BigIntStats): Validators {
  const parts = [info.ino, info.size, info.mtimeNs].map((n) => n.toString(16));
  const seconds = Number(info.mtimeMs / 1000n);
  return { etag: `"${parts.join('-')}"`, lastModified: new Date(seconds * 1000) };
}

/**
 * The same file compressed is another representation, with other bytes: it needs its own ETag
 * (RFC 9110 8.8.3), or a cache could answer a gzip request with identity bytes it holds.
 */
export function etagForCoding(etag: string, coding: string): string {
  return coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding}"`;
}
// #endregion validators

// #region preconditions
export type Precondition = 'proceed' | 'not-modified' | 'failed';

/**
 * RFC 9110 13.2.2, the order in which a server evaluates the conditions:
 *   1. If-Match present:           no current ETag matches (strong comparison)  -> 412
 *   2. else If-Unmodified-Since:   modified after that date                     -> 412
 *   3. If-None-Match present:      a tag matches (weak comparison)              -> 304 (GET/HEAD)
 *   4. else If-Modified-Since:     not modified after that date (GET/HEAD)      -> 304
 * So If-None-Match wins: when a client sends both, If-Modified-Since is not even looked at (an
 * ETag is exact, a date has one-second grain). A date that does not parse is ignored (13.1.3).
 */
export function preconditionOf(request: Message, current: Validators): Precondition {
  const ifMatch = headerValue(request.headers, 'if-match');
  const ifUnmodifiedSince = httpDate(headerValue(request.headers, 'if-unmodified-since'));
  if (ifMatch !== undefined) {
    if (!tagListMatches(ifMatch, current.etag, 'strong')) return 'failed';
  } else if (ifUnmodifiedSince !== undefined && current.lastModified > ifUnmodifiedSince) {
    return 'failed';
  }
  const ifNoneMatch = headerValue(request.headers, 'if-none-match');
  const ifModifiedSince = httpDate(headerValue(request.headers, 'if-modified-since'));
  if (ifNoneMatch !== undefined) {
    if (tagListMatches(ifNoneMatch, current.etag, 'weak')) return 'not-modified';
  } else if (ifModifiedSince !== undefined && current.lastModified <= ifModifiedSince) {
    return 'not-modified';
  }
  return 'proceed';
}

/**
 * RFC 9110 13.1.5: If-Range holds an ETag or a date. The Range is honoured only if the file is
 * still exactly the version the client has part of: a strong ETag match, or its Last-Modified
 * date; otherwise the whole file is sent, so that the client does not stitch two versions.
 */
export function ifRangeHolds(request: Message, current: Validators): boolean {
  const ifRange = headerValue(request.headers, 'if-range');
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return strongMatch(value, current.etag);
  return httpDate(value)?.getTime() === current.lastModified.getTime();
}

/**
 * "*" or a comma-separated list of entity tags. RFC 9110 8.8.3.2: the weak comparison ignores a
 * W/ prefix, the strong one never matches a weak tag.
 */
function tagListMatches(list: string, etag: string, comparison: 'weak' | 'strong'): boolean {
  if (list.trim() === '*') return true;
  const tags = list.split(',').map((tag) => tag.trim());
  if (comparison === 'strong') return tags.some((tag) => strongMatch(tag, etag));
  return tags.some((tag) => tag.replace(/^W\//, '') === etag);
}

function strongMatch(tag: string, etag: string): boolean {
  return !tag.startsWith('W/') && tag === etag;
}
// #endregion preconditions

// #region http-date
// RFC 9110 5.6.7: a recipient MUST accept three spellings of a date (the two obsolete ones are
// still sent by old clients), and nothing else: "yesterday" or "2024" is not a date.
const HTTP_DATES = [
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/, // IMF-fixdate
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \d{2}-[A-Z][a-z]{2}-\d{2} \d{2}:\d{2}:\d{2} GMT$/, // RFC 850
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/, // asctime
];

/** The date an HTTP-date names, or undefined when the value is not one. */
function httpDate(value: string | undefined): Date | undefined {
  if (value === undefined || !HTTP_DATES.some((form) => form.test(value.trim()))) return undefined;
  // Date.parse reads all three; asctime has no zone, and HTTP dates are all in GMT.
  const text = value.trim();
  const time = Date.parse(text.endsWith('GMT') ? text : `${text} GMT`);
  return Number.isNaN(time) ? undefined : new Date(time);
}
// #endregion http-date
