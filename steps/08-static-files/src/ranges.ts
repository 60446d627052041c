// Chapter 8: byte ranges. A video player seeks, a download manager resumes a broken download: each
// asks for a part of the file with `Range: bytes=...` and gets 206 Partial Content.
//
// Contract: rangeOf() reads a Range header against the file's length and says what to send: the
// whole file (no Range, one we ignore, or several disjoint ranges), one byte range (206), or
// nothing (416). It never touches the file, and its cost grows with the header's length only.
//
// RFC 9110 14.1.2:
//   ranges-specifier = range-unit "=" range-set         range-unit = "bytes" (all we know)
//   range-set        = 1#range-spec
//   range-spec       = int-range / suffix-range
//   int-range        = first-pos "-" [ last-pos ]         "0-499", "500-" (to the end)
//   suffix-range     = "-" suffix-length                  "-500": the last 500 bytes
// 14.1.1: a range-spec is "satisfiable" when it has a byte in the file (first-pos < length, or a
// suffix-length > 0); a last-pos past the end means the end. 15.5.17: no satisfiable range: 416.

// #region range-types
/** A run of bytes of the file: start and end both included, as Content-Range counts them. */
export interface ByteRange {
  start: number;
  end: number;
}

export type RangeAnswer =
  | { kind: 'whole' } // 200, the whole file
  | { kind: 'part'; range: ByteRange } // 206 with Content-Range: bytes start-end/length
  | { kind: 'unsatisfiable' }; // 416 with Content-Range: bytes */length
// #endregion range-types

// #region parse-range
const RANGE_SPEC = /^(\d*)-(\d*)$/;

/**
 * What to send for `Range: header` on a file of `length` bytes. A header we cannot read is
 * ignored (RFC 9110 14.2: a server MAY ignore Range), and the whole file is sent.
 *
 * Positions are read as JavaScript numbers: past 2^53 they lose precision, but every such number
 * is already larger than any file, and that is all we compare them with.
 */
export function rangeOf(header: string | undefined, length: number): RangeAnswer {
  if (header === undefined) return { kind: 'whole' };
  const match = /^bytes=(.+)$/i.exec(header.trim());
  if (!match) return { kind: 'whole' }; // another unit ("items=1-2"), or garbage
  const ranges: ByteRange[] = [];
  for (const spec of (match[1] as string).split(',')) {
    const trimmed = spec.trim();
    if (trimmed === '') continue; // "bytes=0-1,,2-3": 1#rule allows empty list elements
    const parts = RANGE_SPEC.exec(trimmed);
    if (!parts) return { kind: 'whole' };
    const [, first = '', last = ''] = parts;
    if (first === '' && last === '') return { kind: 'whole' }; // "-" alone
    const range = satisfiable(first, last, length);
    if (range === 'invalid') return { kind: 'whole' }; // "500-100": last before first
    if (range) ranges.push(range);
  }
  if (ranges.length === 0) return { kind: 'unsatisfiable' };
  const merged = coalesce(ranges);
  // One range left: 206. Several disjoint ones would be a multipart/byteranges answer; we send the
  // whole file instead, which RFC 9110 14.2 allows (see the chapter's exercises).
  return merged.length === 1 ? { kind: 'part', range: merged[0] as ByteRange } : { kind: 'whole' };
}

/** The bytes one range-spec names in the file, null when it names none, 'invalid' if malformed. */
function satisfiable(first: string, last: string, length: number): ByteRange | null | 'invalid' {
  if (first === '') {
    // "-500": the last 500 bytes, or the whole file if it is shorter. "-0" names no byte.
    const suffixLength = Number(last);
    if (suffixLength === 0 || length === 0) return null;
    return { start: Math.max(0, length - suffixLength), end: length - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return 'invalid';
  if (start >= length) return null; // begins after the last byte
  const end = last === '' ? length - 1 : Math.min(Number(last), length - 1);
  return { start, end };
}
// #endregion parse-range

// #region coalesce
/**
 * Ranges sorted and merged where they overlap or touch (RFC 9110 14.3: a server MAY coalesce
 * them). "bytes=0-0,0-0,..." a thousand times is one range, "0-0": however many a client lists,
 * what we send is at most one pass over the file.
 */
function coalesce(ranges: ByteRange[]): ByteRange[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const merged: ByteRange[] = [];
  for (const range of sorted) {
    const previous = merged.at(-1);
    if (previous && range.start <= previous.end + 1)
      previous.end = Math.max(previous.end, range.end);
    else merged.push({ ...range });
  }
  return merged;
}
// #endregion coalesce
