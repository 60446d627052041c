// The parser, case by case. Each case is fed whole, one byte at a time and cut at seeded random
// points: the callback log must be the same every time (see callback-log.ts).
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { HttpParserError, HttpRequestParser, type ParserOptions } from '../src/parser.ts';
import { everyByte, feed, type LogEntry, mulberry32, randomCuts } from './callback-log.ts';
import { crlf } from './corpus.ts';

const SEED = Number(process.env.PARSER_SEED || 0x5eed06);
const RANDOM_SPLITS = 25;

interface Case {
  name: string;
  /** The bytes, as a latin1 string. */
  input: string;
  /** The whole log for a valid input, or the status of the error for an invalid one. */
  expected: LogEntry[] | number;
  options?: ParserOptions;
}

interface Message {
  method?: string;
  version?: string;
  keepAlive?: boolean;
  body?: string;
  trailers?: [string, string][];
}

/** The log of one valid message. */
function message(url: string, headers: [string, string][], m: Message = {}): LogEntry[] {
  const version = m.version ?? '1.1';
  return [
    ['begin'],
    ['url', url],
    ...headers.map(([name, value]): LogEntry => ['header', name, value]),
    ['headers-complete', m.method ?? 'GET', version, m.keepAlive ?? version === '1.1'],
    ...(m.body === undefined ? [] : [['body', m.body] as LogEntry]),
    ...(m.trailers ?? []).map(([name, value]): LogEntry => ['header', name, value]),
    ['complete'],
  ];
}

const host: [string, string] = ['Host', 'example.com'];
const simpleGet = crlf('GET / HTTP/1.1', 'Host: example.com', '', '');

const valid: Case[] = [
  { name: 'a simple GET', input: simpleGet, expected: message('/', [host]) },
  {
    name: 'header names keep their case, values lose the whitespace around them',
    input: crlf(
      'GET /a?b=c HTTP/1.1',
      'HOST: example.com',
      'x-LoWeR-UpPeR:   spaced value \t ',
      'Empty:',
      'Tabbed:\tv\t',
      'Inner: a  b\tc',
      '',
      '',
    ),
    expected: message('/a?b=c', [
      ['HOST', 'example.com'],
      ['x-LoWeR-UpPeR', 'spaced value'],
      ['Empty', ''],
      ['Tabbed', 'v'],
      ['Inner', 'a  b\tc'],
    ]),
  },
  {
    name: 'values are decoded as latin1 (obs-text is allowed)',
    input: crlf('GET / HTTP/1.1', 'X-Name: caf\xe9 \xff', '', ''),
    expected: message('/', [['X-Name', 'caf\xe9 \xff']]),
  },
  {
    name: 'a head typed in nc, with bare LF line ends throughout',
    input: 'GET /nc HTTP/1.1\nHost: example.com\nAccept: */*\n\n',
    expected: message('/nc', [host, ['Accept', '*/*']]),
  },
  {
    name: 'a Content-Length body',
    input:
      crlf('POST /post HTTP/1.1', 'Host: example.com', 'Content-Length: 23', '', '') +
      'name=John&surname=Doe\r\n',
    expected: message('/post', [host, ['Content-Length', '23']], {
      method: 'POST',
      body: 'name=John&surname=Doe\r\n',
    }),
  },
  {
    name: 'a body with every byte value',
    input: `${crlf('PUT /bin HTTP/1.1', 'content-length: 256', '', '')}${String.fromCharCode(
      ...Array.from({ length: 256 }, (_, i) => i),
    )}`,
    expected: message('/bin', [['content-length', '256']], {
      method: 'PUT',
      body: String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i)),
    }),
  },
  {
    name: 'Content-Length: 0 and leading zeros',
    input:
      crlf('POST / HTTP/1.1', 'Content-Length: 0', '', '') +
      crlf('POST / HTTP/1.1', 'Content-Length: 003', '', 'abc'),
    expected: [
      ...message('/', [['Content-Length', '0']], { method: 'POST' }),
      ...message('/', [['Content-Length', '003']], { method: 'POST', body: 'abc' }),
    ],
  },
  {
    name: 'a chunked body with extensions and trailers',
    input: crlf(
      'POST /upload HTTP/1.1',
      'Host: example.com',
      'Transfer-Encoding: chunked',
      '',
      '5;name=value',
      'hello',
      '1 ; a ; b = "quoted \\" \\\\ text" ;c=d',
      ' ',
      '00A',
      'chunked\r\n!',
      '0;last',
      'Expires: never',
      'X-Checksum:  abc ',
      '',
      '',
    ),
    expected: message('/upload', [host, ['Transfer-Encoding', 'chunked']], {
      method: 'POST',
      body: 'hello chunked\r\n!',
      trailers: [
        ['Expires', 'never'],
        ['X-Checksum', 'abc'],
      ],
    }),
  },
  {
    name: 'a chunked body with bare LF line ends throughout',
    input: 'POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n',
    expected: message('/', [['Transfer-Encoding', 'chunked']], { method: 'POST', body: 'abc' }),
  },
  {
    name: 'Transfer-Encoding is case-insensitive and ignores empty list elements',
    input: crlf('POST / HTTP/1.1', 'Transfer-Encoding: , CHUNKED', '', '0', '', ''),
    expected: message('/', [['Transfer-Encoding', ', CHUNKED']], { method: 'POST' }),
  },
  {
    name: 'three pipelined requests, with empty lines between them',
    input:
      simpleGet +
      crlf('POST /a HTTP/1.1', 'Content-Length: 2', '', 'hi') +
      '\r\n\r\n' +
      crlf('PUT /b HTTP/1.1', 'Transfer-Encoding: chunked', '', '2', 'yo', '0', '', ''),
    expected: [
      ...message('/', [host]),
      ...message('/a', [['Content-Length', '2']], { method: 'POST', body: 'hi' }),
      ...message('/b', [['Transfer-Encoding', 'chunked']], { method: 'PUT', body: 'yo' }),
    ],
  },
  {
    name: 'HTTP/1.0 closes by default and keeps alive when asked',
    input:
      crlf('GET /1 HTTP/1.0', '', '') +
      crlf('GET /2 HTTP/1.0', 'Connection: Keep-Alive', '', '') +
      crlf('GET /3 HTTP/1.0', 'Connection: keep-alive, close', '', ''),
    expected: [
      ...message('/1', [], { version: '1.0' }),
      ...message('/2', [['Connection', 'Keep-Alive']], { version: '1.0', keepAlive: true }),
      ...message('/3', [['Connection', 'keep-alive, close']], { version: '1.0', keepAlive: false }),
    ],
  },
  {
    name: 'HTTP/1.1 keeps alive by default and closes when asked',
    input:
      crlf('GET /1 HTTP/1.1', 'Connection: Upgrade, CLOSE', '', '') +
      crlf('GET /2 HTTP/1.1', 'Connection: keep-alive', '', ''),
    expected: [
      ...message('/1', [['Connection', 'Upgrade, CLOSE']], { keepAlive: false }),
      ...message('/2', [['Connection', 'keep-alive']]),
    ],
  },
  {
    name: 'every form of request-target is reported whole',
    input:
      crlf('GET http://example.com:8080/a/b?c=%20#frag HTTP/1.1', '', '') +
      crlf('OPTIONS * HTTP/1.1', '', '') +
      crlf('CONNECT example.com:443 HTTP/1.1', '', ''),
    expected: [
      ...message('http://example.com:8080/a/b?c=%20#frag', []),
      ...message('*', [], { method: 'OPTIONS' }),
      ...message('example.com:443', [], { method: 'CONNECT' }),
    ],
  },
  {
    name: 'any token is a method',
    input: crlf('M-SEARCH * HTTP/1.1', '', '') + crlf("x!#$%&'*+-.^_`|~9 / HTTP/1.1", '', ''),
    expected: [
      ...message('*', [], { method: 'M-SEARCH' }),
      ...message('/', [], { method: "x!#$%&'*+-.^_`|~9" }),
    ],
  },
  {
    name: 'Upgrade switches nothing: the next bytes are the next request',
    input:
      crlf('GET /chat HTTP/1.1', 'Connection: Upgrade', 'Upgrade: websocket', '', '') + simpleGet,
    expected: [
      ...message('/chat', [
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
      ]),
      ...message('/', [host]),
    ],
  },
  {
    name: 'a target of exactly 8192 bytes',
    input: crlf(`GET /${'a'.repeat(8191)} HTTP/1.1`, '', ''),
    expected: message(`/${'a'.repeat(8191)}`, []),
  },
  {
    name: 'a head of exactly maxHeaderSize bytes',
    input: crlf('GET / HTTP/1.1', `X: ${'a'.repeat(64 - 16 - 3 - 4)}`, '', ''),
    options: { maxHeaderSize: 64 },
    expected: message('/', [['X', 'a'.repeat(41)]]),
  },
  {
    name: 'a chunked body of exactly maxBodySize bytes',
    input: crlf(
      'POST / HTTP/1.1',
      'Transfer-Encoding: chunked',
      '',
      '4',
      'abcd',
      '4',
      'efgh',
      '0',
      '',
      '',
    ),
    options: { maxBodySize: 8 },
    expected: message('/', [['Transfer-Encoding', 'chunked']], {
      method: 'POST',
      body: 'abcdefgh',
    }),
  },
];

/** A GET with these field lines (and a Host), CRLF line ends. */
const getWith = (...fields: string[]) => crlf('GET / HTTP/1.1', 'Host: x', ...fields, '', '');
/** A POST with these field lines and then `body`. */
const postWith = (fields: string[], body: string) =>
  crlf('POST / HTTP/1.1', 'Host: x', ...fields, '', body);
const chunked = (body: string) => postWith(['Transfer-Encoding: chunked'], body);

const invalid: Case[] = [
  // The request line
  { name: 'HTTP/0.9: a request line without a version', input: 'GET /\r\n\r\n', expected: 400 },
  { name: 'HTTP/2.0', input: crlf('GET / HTTP/2.0', '', ''), expected: 505 },
  { name: 'HTTP/1.2', input: crlf('GET / HTTP/1.2', '', ''), expected: 505 },
  { name: 'HTTP/0.9 spelled out', input: crlf('GET / HTTP/0.9', '', ''), expected: 505 },
  { name: 'a lowercase version', input: crlf('GET / http/1.1', '', ''), expected: 400 },
  { name: 'a version without minor', input: crlf('GET / HTTP/1', '', ''), expected: 400 },
  { name: 'a version with two-digit major', input: crlf('GET / HTTP/11.1', '', ''), expected: 400 },
  { name: 'a version followed by junk', input: crlf('GET / HTTP/1.1 x', '', ''), expected: 400 },
  { name: 'two spaces after the method', input: crlf('GET  / HTTP/1.1', '', ''), expected: 400 },
  { name: 'a space before the method', input: crlf(' GET / HTTP/1.1', '', ''), expected: 400 },
  { name: 'a tab between the parts', input: crlf('GET\t/ HTTP/1.1', '', ''), expected: 400 },
  { name: 'a method with a non-token byte', input: crlf('GE(T / HTTP/1.1', '', ''), expected: 400 },
  {
    name: 'a target in no request-target form',
    input: crlf('GET index.html HTTP/1.1', '', ''),
    expected: 400,
  },
  {
    name: 'authority-form with a method other than CONNECT',
    input: crlf('GET 127.0.0.1:80 HTTP/1.1', '', ''),
    expected: 400,
  },
  { name: 'a space inside the target', input: crlf('GET /a b HTTP/1.1', '', ''), expected: 400 },
  { name: 'non-ASCII in the target', input: crlf('GET /caf\xe9 HTTP/1.1', '', ''), expected: 400 },
  {
    name: 'a target over 8192 bytes',
    input: crlf(`GET /${'a'.repeat(8192)} HTTP/1.1`, '', ''),
    expected: 414,
  },
  {
    name: 'a target over 8192 bytes, line never ending',
    input: `GET /${'a'.repeat(20_000)}`,
    expected: 414,
  },
  { name: 'a request line that never ends', input: 'G'.repeat(20_000), expected: 431 },
  { name: 'only garbage', input: '\x00\xff\x16\x03\x01 hello\r\n\r\n', expected: 400 },
  // Limits
  {
    name: 'a head over 16 KiB',
    input: getWith(`X-Padding: ${'a'.repeat(16 * 1024)}`),
    expected: 431,
  },
  {
    name: 'a head over 16 KiB, unfinished',
    input: `GET / HTTP/1.1\r\nHost: x\r\nX-Padding: ${'a'.repeat(20 * 1024)}`,
    expected: 431,
  },
  {
    name: 'a head one byte over maxHeaderSize',
    input: crlf('GET / HTTP/1.1', `X: ${'a'.repeat(42)}`, '', ''),
    options: { maxHeaderSize: 64 },
    expected: 431,
  },
  {
    name: 'many small fields over the limit',
    input: getWith(...Array.from({ length: 2000 }, (_, i) => `X-${i}: v`)),
    expected: 431,
  },
  {
    name: 'a Content-Length over 1 MiB',
    input: postWith(['Content-Length: 1048577'], ''),
    expected: 413,
  },
  {
    name: 'a chunked body over maxBodySize',
    input: chunked(crlf('4', 'abcd', '5', 'efghi', '0', '', '')),
    options: { maxBodySize: 8 },
    expected: 413,
  },
  { name: 'one chunk over 1 MiB', input: chunked(crlf('100001', '')), expected: 413 },
  {
    name: 'trailers over maxHeaderSize',
    input: chunked(crlf('0', `X: ${'a'.repeat(100)}`, '', '')),
    options: { maxHeaderSize: 100 },
    expected: 431,
  },
  // Framing that could smuggle a request
  {
    name: 'both Content-Length and Transfer-Encoding',
    input: postWith(['Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'both Transfer-Encoding and Content-Length',
    input: postWith(['Transfer-Encoding: chunked', 'Content-Length: 5'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'two differing Content-Lengths',
    input: postWith(['Content-Length: 5', 'Content-Length: 6'], 'hello!'),
    expected: 400,
  },
  {
    name: 'two identical Content-Lengths',
    input: postWith(['Content-Length: 5', 'content-length: 5'], 'hello'),
    expected: 400,
  },
  {
    name: 'a Content-Length list',
    input: postWith(['Content-Length: 5, 5'], 'hello'),
    expected: 400,
  },
  {
    name: 'a signed Content-Length',
    input: postWith(['Content-Length: +5'], 'hello'),
    expected: 400,
  },
  {
    name: 'a negative Content-Length',
    input: postWith(['Content-Length: -5'], 'hello'),
    expected: 400,
  },
  {
    name: 'a hex Content-Length',
    input: postWith(['Content-Length: 0x5'], 'hello'),
    expected: 400,
  },
  { name: 'an empty Content-Length', input: postWith(['Content-Length:'], 'hello'), expected: 400 },
  {
    name: 'space inside Content-Length',
    input: postWith(['Content-Length: 1 2'], 'x'),
    expected: 400,
  },
  {
    name: 'an exponent Content-Length',
    input: postWith(['Content-Length: 1e1'], 'x'),
    expected: 400,
  },
  {
    name: 'a Content-Length beyond 2^53',
    input: postWith(['Content-Length: 99999999999999999999'], 'x'),
    expected: 400,
  },
  {
    name: 'Transfer-Encoding: gzip',
    input: postWith(['Transfer-Encoding: gzip'], 'x'),
    expected: 400,
  },
  {
    name: 'Transfer-Encoding: gzip, chunked',
    input: postWith(['Transfer-Encoding: gzip, chunked'], '0\r\n\r\n'),
    expected: 501,
  },
  {
    name: 'Transfer-Encoding: chunked, gzip',
    input: postWith(['Transfer-Encoding: chunked, gzip'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'Transfer-Encoding: chunked, chunked',
    input: postWith(['Transfer-Encoding: chunked, chunked'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'two Transfer-Encoding: chunked lines',
    input: postWith(['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'an empty Transfer-Encoding',
    input: postWith(['Transfer-Encoding:'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'chunked with a no-break space',
    input: postWith(['Transfer-Encoding: chunked\xa0'], '0\r\n\r\n'),
    expected: 400,
  },
  {
    name: 'chunked in an HTTP/1.0 request',
    input: crlf('POST / HTTP/1.0', 'Transfer-Encoding: chunked', '', '0', '', ''),
    expected: 400,
  },
  // Chunks
  { name: 'a chunk size that is not hex', input: chunked(crlf('zz', '')), expected: 400 },
  { name: 'a signed chunk size', input: chunked(crlf('+5', 'hello', '0', '', '')), expected: 400 },
  { name: 'a 0x chunk size', input: chunked(crlf('0x5', 'hello', '0', '', '')), expected: 400 },
  { name: 'an empty chunk size', input: chunked(crlf('', 'hello', '0', '', '')), expected: 400 },
  {
    name: 'a space before the chunk size',
    input: chunked(crlf(' 5', 'hello', '0', '', '')),
    expected: 400,
  },
  {
    name: 'a space after the chunk size',
    input: chunked(crlf('5 ', 'hello', '0', '', '')),
    expected: 400,
  },
  {
    name: 'a chunk size beyond 2^53',
    input: chunked(crlf('fffffffffffffffffff', 'x')),
    expected: 400,
  },
  {
    name: 'a chunk longer than its size',
    input: chunked(crlf('3', 'hello', '0', '', '')),
    expected: 400,
  },
  { name: 'no CRLF after chunk data', input: chunked('3\r\nabc0\r\n\r\n'), expected: 400 },
  { name: 'bare LF after chunk data', input: chunked('3\r\nabc\n0\r\n\r\n'), expected: 400 },
  {
    name: 'an empty chunk extension',
    input: chunked(crlf('3;', 'abc', '0', '', '')),
    expected: 400,
  },
  {
    name: 'a chunk extension without value',
    input: chunked(crlf('3;a=', 'abc', '0', '', '')),
    expected: 400,
  },
  {
    name: 'an unterminated quoted chunk extension',
    input: chunked(crlf('3;a="b', 'abc', '0', '', '')),
    expected: 400,
  },
  {
    name: 'a NUL in a chunk extension',
    input: chunked(crlf('3;a\x00', 'abc', '0', '', '')),
    expected: 400,
  },
  { name: 'a chunk-size line that never ends', input: chunked('5'.repeat(5000)), expected: 400 },
  {
    name: 'an invalid trailer',
    input: chunked(crlf('0', 'Bad Trailer: x', '', '')),
    expected: 400,
  },
  // Field lines
  { name: 'obs-fold', input: getWith('X-Folded: a', ' b'), expected: 400 },
  { name: 'obs-fold with a tab', input: getWith('X-Folded: a', '\tb'), expected: 400 },
  {
    name: 'whitespace before the first field',
    input: crlf('GET / HTTP/1.1', ' Host: x', '', ''),
    expected: 400,
  },
  {
    name: 'a space before the colon',
    input: getWith('Transfer-Encoding : chunked'),
    expected: 400,
  },
  { name: 'a tab before the colon', input: getWith('Content-Length\t: 0'), expected: 400 },
  { name: 'an empty field name', input: getWith(': empty'), expected: 400 },
  { name: 'a field name with a non-token byte', input: getWith('X(y): z'), expected: 400 },
  { name: 'a field name with a slash', input: getWith('X/Y: z'), expected: 400 },
  { name: 'a field line without a colon', input: getWith('NoColon'), expected: 400 },
  { name: 'a NUL in a value', input: getWith('X: a\x00b'), expected: 400 },
  { name: 'a control character in a value', input: getWith('X: a\x01b'), expected: 400 },
  { name: 'DEL in a value', input: getWith('X: a\x7fb'), expected: 400 },
  { name: 'a NUL in a name', input: getWith('X\x00: b'), expected: 400 },
  // Line ends
  { name: 'a bare CR inside a value', input: getWith('X: a\rb'), expected: 400 },
  { name: 'a bare CR as a line end', input: 'GET / HTTP/1.1\rHost: x\r\n\r\n', expected: 400 },
  { name: 'CR CR LF', input: getWith('X: a\r'), expected: 400 },
  { name: 'a bare CR in the request line', input: crlf('GET /\r HTTP/1.1', '', ''), expected: 400 },
  {
    name: 'a bare CR instead of the empty line',
    input: 'GET / HTTP/1.1\r\nHost: x\r\n\rGET / HTTP/1.1\r\n\r\n',
    expected: 400,
  },
  {
    name: 'a CRLF request line, then a bare LF',
    input: 'GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n',
    expected: 400,
  },
  {
    name: 'a bare LF request line, then CRLF',
    input: 'GET / HTTP/1.1\nHost: x\r\n\n',
    expected: 400,
  },
  {
    name: 'CRLF lines, then a bare LF empty line',
    input: 'GET / HTTP/1.1\r\nHost: x\r\n\n',
    expected: 400,
  },
  {
    name: 'CRLF head, chunk with bare LF',
    input: chunked('3\nabc\r\n0\r\n\r\n'),
    expected: 400,
  },
  // An error after a valid message: the first message is parsed and reported
  {
    name: 'a valid request followed by a smuggled one',
    input: simpleGet + postWith(['Content-Length: 1', 'Content-Length: 2'], 'ab'),
    expected: [
      ...message('/', [host]),
      ['begin'],
      ['url', '/'],
      ['header', 'Host', 'x'],
      ['header', 'Content-Length', '1'],
      ['error', 400],
    ],
  },
];

describe('HttpRequestParser', () => {
  const cases = [...valid, ...invalid];

  it.each(cases.map((c, index) => [c.name, c, index] as const))(
    '%s: same log whole, byte by byte and at random cuts',
    (_, testCase, index) => {
      const input = Buffer.from(testCase.input, 'latin1');
      const whole = feed(input, [], testCase.options).log;
      if (typeof testCase.expected === 'number') {
        expect(whole.at(-1)).toEqual(['error', testCase.expected]);
      } else {
        expect(whole).toEqual(testCase.expected);
      }
      expect(feed(input, everyByte(input.length), testCase.options).log, 'byte by byte').toEqual(
        whole,
      );
      const seed = SEED + index;
      const random = mulberry32(seed);
      for (let round = 0; round < RANDOM_SPLITS; round++) {
        const cuts = randomCuts(random, input.length, 1 + Math.floor(random() * 8));
        expect(
          feed(input, cuts, testCase.options).log,
          `cut at ${cuts.join(',')} (PARSER_SEED=${SEED}, case seed ${seed}, round ${round})`,
        ).toEqual(whole);
      }
    },
  );

  it('gives body bytes as views of the bytes fed, not copies', () => {
    const input = Buffer.from(postWith(['Content-Length: 5'], 'hello'));
    const { bodyPieces } = feed(input, []);
    expect(bodyPieces).toHaveLength(1);
    expect(bodyPieces[0]?.buffer).toBe(input.buffer);
  });

  it('accepts any Uint8Array, not only Buffers', () => {
    const urls: string[] = [];
    const parser = new HttpRequestParser({ onUrl: (url) => urls.push(url) });
    parser.feedData(new TextEncoder().encode(simpleGet));
    expect(urls).toEqual(['/']);
  });

  it('is dead after an error: every later feedData throws the same error', () => {
    const parser = new HttpRequestParser({});
    const feedBad = () => parser.feedData(Buffer.from('GET / HTTP/2.0\r\n\r\n'));
    expect(feedBad).toThrow(HttpParserError);
    let first: unknown;
    try {
      feedBad();
    } catch (error) {
      first = error;
    }
    expect(first).toBeInstanceOf(HttpParserError);
    expect((first as HttpParserError).status).toBe(505);
    expect(() => parser.feedData(Buffer.from(simpleGet))).toThrow(first as Error);
    expect(() => parser.feedData(new Uint8Array(0))).toThrow(first as Error);
  });

  it('is dead after a callback throws, and rethrows what the callback threw', () => {
    const parser = new HttpRequestParser({
      onUrl: () => {
        throw new RangeError('handler bug');
      },
    });
    expect(() => parser.feedData(Buffer.from(simpleGet))).toThrow(RangeError);
    expect(() => parser.feedData(Buffer.from(simpleGet))).toThrow(HttpParserError);
  });

  it('answers getMethod, getHttpVersion and shouldKeepAlive after the message completes', () => {
    const parser = new HttpRequestParser({});
    parser.feedData(Buffer.from(crlf('DELETE /x HTTP/1.0', 'Connection: keep-alive', '', '')));
    expect([parser.getMethod(), parser.getHttpVersion(), parser.shouldKeepAlive()]).toEqual([
      'DELETE',
      '1.0',
      true,
    ]);
  });

  it('calls onMessageBegin on the first byte of a request', () => {
    let begun = 0;
    const parser = new HttpRequestParser({ onMessageBegin: () => begun++ });
    parser.feedData(Buffer.from('\r\n'));
    expect(begun).toBe(0);
    parser.feedData(Buffer.from('G'));
    expect(begun).toBe(1);
  });

  it('pause() in onMessageComplete stops feedData right after that message', () => {
    const urls: string[] = [];
    const parser = new HttpRequestParser({
      onUrl: (url) => urls.push(url),
      onMessageComplete: () => parser.pause(),
    });
    const second = crlf('GET /second HTTP/1.1', 'Host: x', '', '');
    const both = Buffer.from(`${simpleGet}${second}`);
    const read = parser.feedData(both);
    expect([read, urls]).toEqual([simpleGet.length, ['/']]);
    expect(parser.feedData(both.subarray(read)), 'paused: reads nothing').toBe(0);
    parser.resume();
    expect(parser.feedData(both.subarray(read))).toBe(second.length);
    expect(urls).toEqual(['/', '/second']);
  });

  it('holds at most maxHeaderSize bytes of an unfinished head', () => {
    const parser = new HttpRequestParser({});
    parser.feedData(Buffer.from(`GET / HTTP/1.1\r\nX: ${'a'.repeat(16_000)}`));
    expect(() => parser.feedData(Buffer.from('a'.repeat(1000)))).toThrow(
      expect.objectContaining({ status: 431 }),
    );
  });
});
