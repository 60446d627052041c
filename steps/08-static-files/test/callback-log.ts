// What the parser tests compare: the log of the callbacks a parser made for some bytes, fed in
// pieces. Adjacent onBody pieces are joined in the log, since where the body is cut depends on
// where the input was cut; everything else must be identical whatever the cuts.
import { Buffer } from 'node:buffer';
import { HttpParserError, HttpRequestParser, type ParserOptions } from '../src/parser.ts';

export type LogEntry =
  | ['begin']
  | ['url', string]
  | ['header', string, string]
  /** method, version and keep-alive, as the getters answer them in onHeadersComplete */
  | ['headers-complete', string, string, boolean]
  /** the body bytes between two other entries, joined, as latin1 */
  | ['body', string]
  | ['complete']
  | ['error', number]
  /** anything thrown that is not an HttpParserError: always a bug */
  | ['threw', string];

export interface FeedResult {
  log: LogEntry[];
  /** Each body piece, as the parser gave it (not copied): to check they are views of the input. */
  bodyPieces: Uint8Array[];
}

/** Feeds `input` cut at `cuts` (sorted offsets) to a new parser and logs its callbacks. */
export function feed(input: Buffer, cuts: number[], options?: ParserOptions): FeedResult {
  const log: LogEntry[] = [];
  const bodyPieces: Uint8Array[] = [];
  let body: Buffer[] = [];
  const flushBody = () => {
    if (body.length > 0) log.push(['body', Buffer.concat(body).toString('latin1')]);
    body = [];
  };
  const add = (entry: LogEntry) => {
    flushBody();
    log.push(entry);
  };
  const parser: HttpRequestParser = new HttpRequestParser(
    {
      onMessageBegin: () => add(['begin']),
      onUrl: (url) => add(['url', url]),
      onHeader: (name, value) => add(['header', name, value]),
      onHeadersComplete: () =>
        add([
          'headers-complete',
          parser.getMethod(),
          parser.getHttpVersion(),
          parser.shouldKeepAlive(),
        ]),
      onBody: (chunk) => {
        bodyPieces.push(chunk);
        body.push(Buffer.from(chunk)); // the view is only valid during the call
      },
      onMessageComplete: () => add(['complete']),
    },
    options,
  );
  let from = 0;
  for (const to of [...cuts, input.length]) {
    if (to <= from) continue;
    try {
      parser.feedData(input.subarray(from, to));
    } catch (error) {
      add(error instanceof HttpParserError ? ['error', error.status] : ['threw', String(error)]);
      break;
    }
    from = to;
  }
  flushBody();
  return { log, bodyPieces };
}

/** mulberry32: a tiny seeded PRNG, so that a failing split can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Up to `count` random cut points in (0, length), sorted. */
export function randomCuts(random: () => number, length: number, count: number): number[] {
  const cuts = new Set<number>();
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(random() * Math.max(1, length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

/** Every offset: the input fed one byte at a time. */
export function everyByte(length: number): number[] {
  return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
}
