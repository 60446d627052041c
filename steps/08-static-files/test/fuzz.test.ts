// A seeded fuzz run: corpus requests, mutated (bytes flipped, inserted, deleted; lines and framing
// fields spliced in; lengths changed; requests glued together), fed whole and cut at random
// points. Whatever the bytes, the parser throws nothing but HttpParserError, gives the same
// callbacks however the bytes are cut (so it never loses or invents a body byte), and a message it
// accepts with a Content-Length has a body of exactly that length.
//
// Bounded: FUZZ_ITERATIONS (default 20000) or FUZZ_SECONDS (default 5), whichever comes first.
// Replay a run with FUZZ_SEED=<the seed it printed>.
import { Buffer } from 'node:buffer';
import { expect, it } from 'vitest';
import { feed, type LogEntry, mulberry32, randomCuts } from './callback-log.ts';
import { corpus } from './corpus.ts';

const SEED = Number(process.env.FUZZ_SEED || 0xf0221e);
const MAX_ITERATIONS = Number(process.env.FUZZ_ITERATIONS || 20_000);
const MAX_SECONDS = Number(process.env.FUZZ_SECONDS || 5);

/** Bytes that matter to an HTTP parser: line ends, separators, digits, controls, obs-text. */
const INTERESTING = [
  0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x3b, 0x3d, 0x2c, 0x22, 0x30, 0x35, 0x61, 0x46, 0x00, 0x7f, 0xff,
  0x0b,
];
/** Field lines that change the framing or the connection, and some malformed ones. */
const FIELDS = [
  'Content-Length: 0',
  'Content-Length: 5',
  'Content-Length: 12',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: gzip, chunked',
  'Connection: close',
  'Connection: keep-alive',
  'Upgrade: websocket',
  ' folded',
  'Transfer-Encoding : chunked',
  'X: a\x00b',
  'Trailer: X',
];
const NUMBERS = [
  '0',
  '1',
  '5',
  '00',
  'ff',
  'FFFFFFFF',
  '-1',
  '+3',
  '0x10',
  '99999999999999999999',
  '',
];

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)] as T;
const position = (random: Random, length: number) => Math.floor(random() * (length + 1));

/** The byte offsets just after each LF. */
function lineStarts(bytes: Buffer): number[] {
  const starts = [0];
  for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) starts.push(i + 1);
  return starts;
}

const mutations: ((bytes: Buffer, random: Random) => Buffer)[] = [
  function flipByte(bytes, random) {
    if (bytes.length === 0) return bytes;
    const copy = Buffer.from(bytes);
    copy[Math.floor(random() * copy.length)] =
      random() < 0.5 ? pick(random, INTERESTING) : Math.floor(random() * 256);
    return copy;
  },
  function insertBytes(bytes, random) {
    const at = position(random, bytes.length);
    const inserted = Buffer.from(
      Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(random, INTERESTING)),
    );
    return Buffer.concat([bytes.subarray(0, at), inserted, bytes.subarray(at)]);
  },
  function deleteBytes(bytes, random) {
    const at = position(random, bytes.length);
    return Buffer.concat([
      bytes.subarray(0, at),
      bytes.subarray(at + 1 + Math.floor(random() * 4)),
    ]);
  },
  function duplicateLine(bytes, random) {
    const starts = lineStarts(bytes);
    const from = pick(random, starts);
    const end = bytes.indexOf(0x0a, from);
    if (end === -1) return bytes;
    const at = pick(random, starts);
    return Buffer.concat([
      bytes.subarray(0, at),
      bytes.subarray(from, end + 1),
      bytes.subarray(at),
    ]);
  },
  function spliceField(bytes, random) {
    // After the request line, where a field belongs.
    const starts = lineStarts(bytes);
    const at = starts[Math.min(1, starts.length - 1)] as number;
    const field = Buffer.from(`${pick(random, FIELDS)}\r\n`, 'latin1');
    return Buffer.concat([bytes.subarray(0, at), field, bytes.subarray(at)]);
  },
  function changeNumber(bytes, random) {
    // A run of hex digits: a length, a chunk size, a version digit.
    const text = bytes.toString('latin1');
    const runs = [...text.matchAll(/[0-9a-fA-F]+/g)];
    if (runs.length === 0) return bytes;
    const run = pick(random, runs);
    const start = run.index ?? 0;
    return Buffer.concat([
      bytes.subarray(0, start),
      Buffer.from(pick(random, NUMBERS), 'latin1'),
      bytes.subarray(start + run[0].length),
    ]);
  },
  function truncate(bytes, random) {
    return bytes.subarray(0, position(random, bytes.length));
  },
  function appendRequest(bytes, random) {
    return Buffer.concat([bytes, Buffer.from(pick(random, corpus).request, 'latin1')]);
  },
];

/** For each complete message with one Content-Length and no Transfer-Encoding: [declared, received]. */
function contentLengthBodies(log: LogEntry[]): [number, number][] {
  const result: [number, number][] = [];
  let lengths: string[] = [];
  let chunked = false;
  let bodyLength = 0;
  let inHead = true;
  for (const entry of log) {
    if (entry[0] === 'begin') {
      lengths = [];
      chunked = false;
      bodyLength = 0;
      inHead = true;
    } else if (entry[0] === 'header' && inHead) {
      const name = entry[1].toLowerCase();
      if (name === 'content-length') lengths.push(entry[2]);
      if (name === 'transfer-encoding') chunked = true;
    } else if (entry[0] === 'headers-complete') {
      inHead = false;
    } else if (entry[0] === 'body') {
      bodyLength += entry[1].length;
    } else if (entry[0] === 'complete' && lengths.length === 1 && !chunked) {
      result.push([Number(lengths[0]), bodyLength]);
    }
  }
  return result;
}

/** The corpus requests that parse completely: mutating them reaches deeper than mutating garbage. */
const acceptedRequests = corpus.filter(
  (entry) => feed(Buffer.from(entry.request, 'latin1'), []).log.at(-1)?.[0] === 'complete',
);

/**
 * Whether every body piece is a view of the input, each after the one before: then no body byte
 * can have been invented, nor given twice.
 */
function bodyPiecesAreViewsInOrder(input: Buffer, pieces: Uint8Array[]): boolean {
  let after = input.byteOffset;
  for (const piece of pieces) {
    if (piece.buffer !== input.buffer || piece.byteOffset < after) return false;
    after = piece.byteOffset + piece.length;
  }
  return after <= input.byteOffset + input.length;
}

it('never throws anything but HttpParserError, and never loses or invents a body byte', () => {
  const random = mulberry32(SEED);
  const started = performance.now();
  const statuses = new Map<string, number>();
  let iterations = 0;
  let checkedBodies = 0;
  let nonEmptyBodies = 0;
  while (iterations < MAX_ITERATIONS && performance.now() - started < MAX_SECONDS * 1000) {
    iterations++;
    const source = random() < 0.7 ? acceptedRequests : corpus;
    let input: Buffer = Buffer.from(pick(random, source).request, 'latin1');
    // Mostly one mutation, so that many inputs stay close to valid and reach the body.
    const mutationCount = random() < 0.6 ? 1 : 2 + Math.floor(random() * 3);
    const applied: string[] = [];
    for (let i = 0; i < mutationCount; i++) {
      const mutate = pick(random, mutations);
      applied.push(mutate.name);
      input = mutate(input, random);
    }
    const replay = `FUZZ_SEED=${SEED}, iteration ${iterations}, mutations ${applied.join(', ')}, input ${JSON.stringify(input.toString('latin1').slice(0, 400))}`;

    const { log: whole, bodyPieces } = feed(input, []);
    expect(
      bodyPiecesAreViewsInOrder(input, bodyPieces),
      `a body piece that is not the next bytes of the input: ${replay}`,
    ).toBe(true);
    expect(
      whole.filter((entry) => entry[0] === 'threw'),
      `threw something else than HttpParserError: ${replay}`,
    ).toEqual([]);
    for (let round = 0; round < 2; round++) {
      const cuts = randomCuts(random, input.length, 1 + Math.floor(random() * 12));
      expect(feed(input, cuts).log, `cut at ${cuts.join(',')}: ${replay}`).toEqual(whole);
    }
    for (const [declared, received] of contentLengthBodies(whole)) {
      expect(received, `body length against Content-Length: ${replay}`).toBe(declared);
      checkedBodies++;
      if (declared > 0) nonEmptyBodies++;
    }
    const last = whole.at(-1);
    const outcome =
      last?.[0] === 'error'
        ? `error ${last[1]}`
        : last?.[0] === 'complete'
          ? 'complete'
          : 'waiting for more';
    statuses.set(outcome, (statuses.get(outcome) ?? 0) + 1);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${iterations} iterations in ${seconds} s (FUZZ_SEED=${SEED}), ${checkedBodies} Content-Length bodies checked; outcomes: ${[
      ...statuses,
    ]
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, count]) => `${outcome} ${count}`)
      .join(', ')}`,
  );
  expect(iterations).toBeGreaterThan(100);
  // Otherwise the body-length property above held for nothing: no accepted message had a body.
  expect(
    nonEmptyBodies,
    'no accepted message with a non-empty Content-Length body',
  ).toBeGreaterThan(0);
});
