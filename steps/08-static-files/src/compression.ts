// Chapter 8: compression. HTML, CSS and JavaScript shrink to a third or a fifth with gzip or
// Brotli; every browser says which it can decode (Accept-Encoding), and we pick one.
//
// Contract: codingFor() reads Accept-Encoding and the codings we can offer for this response,
// and names the one to use, or undefined when the client accepts none of them (406).
// compressor() is the node:zlib stream for a coding. Whether a response is worth compressing at
// all (its type, its size, a Range) is the caller's decision.
//
// RFC 9110 12.5.3:
//   Accept-Encoding  = #( codings [ weight ] )       "gzip, deflate, br;q=0.9, *;q=0"
//   codings          = content-coding / "identity" / "*"
//   weight           = OWS ";" OWS "q=" qvalue        qvalue = 0.000 to 1.000; 0: "not acceptable"
// A coding the field does not list gets the weight of "*" if there is one, else it is not
// acceptable; identity is acceptable unless "identity;q=0", or "*;q=0" without an identity entry.
// No Accept-Encoding at all: any coding is acceptable, but we send identity, the safe choice.
import type { Transform } from 'node:stream';
import zlib from 'node:zlib';

// #region codings
export type Coding = 'br' | 'gzip' | 'identity';

/** The codings we can produce, best first: on equal weights, the first wins. */
export const COMPRESSED: Coding[] = ['br', 'gzip'];

// token [ ";" q=qvalue ], case-insensitive. Other parameters are not defined for Accept-Encoding.
const ELEMENT = /^([!#$%&'*+.^_`|~\w-]+)\s*(?:;\s*q=(0(?:\.\d{0,3})?|1(?:\.0{0,3})?))?$/i;

/**
 * The coding to send, among `offered` (in our order of preference), for this Accept-Encoding;
 * undefined when the client accepts none of them. Linear in the header's length: a 10 KiB header
 * costs a 10 KiB scan.
 */
export function codingFor(
  acceptEncoding: string | undefined,
  offered: Coding[],
): Coding | undefined {
  if (acceptEncoding === undefined) return offered.includes('identity') ? 'identity' : offered[0];
  const weights = new Map<string, number>();
  for (const element of acceptEncoding.split(',')) {
    const match = ELEMENT.exec(element.trim());
    if (!match) continue; // an element we cannot read says nothing
    const name = (match[1] as string).toLowerCase();
    const weight = match[2] === undefined ? 1 : Number(match[2]);
    // A coding listed twice: the higher weight (a client contradicting itself gets the benefit).
    weights.set(name, Math.max(weight, weights.get(name) ?? 0));
  }
  const star = weights.get('*');
  const weightOf = (coding: Coding): number => {
    const listed = weights.get(coding);
    if (listed !== undefined) return listed;
    if (coding === 'identity') return star === 0 ? 0 : 1; // acceptable unless refused
    return star ?? 0;
  };
  // Identity competes on its weight only when the client lists it; unlisted, it is the fallback
  // for when no compression is acceptable ("gzip;q=0.5" means "gzip, please", not "rather not").
  let best: Coding | undefined;
  for (const coding of offered) {
    if (coding === 'identity' && !weights.has('identity')) continue;
    const weight = weightOf(coding);
    if (weight > 0 && (best === undefined || weight > weightOf(best))) best = coding;
  }
  if (best === undefined && offered.includes('identity') && weightOf('identity') > 0) {
    return 'identity';
  }
  return best;
}
// #endregion codings

// #region compressor
/**
 * The stream that compresses a body for `coding`. Brotli at its default quality (11) is made for
 * files compressed once, ahead of time: on the fly, quality 5 compresses about as well as gzip -9
 * at several times its speed. The size hint lets Brotli pick its window.
 */
export function compressor(coding: Exclude<Coding, 'identity'>, size: number): Transform {
  if (coding === 'gzip') return zlib.createGzip();
  return zlib.createBrotliCompress({
    params: {
      [zlib.constants.BROTLI_PARAM_QUALITY]: 5,
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: size,
    },
  });
}
// #endregion compressor
