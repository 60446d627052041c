// The parser half of `npm run bench`: chapter 6's HttpRequestParser against llhttp, the C parser
// inside Node, driven the way node:http drives it (through the internal HTTPParser binding). Same
// requests, same run, rounds taken in turn so that both see the same machine; the best round of
// each counts. The ratio is what matters: the absolute numbers depend on the machine.
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { HttpRequestParser } from '../../steps/06-threads-parser/src/parser.ts';
import { HTTPParser } from '../../steps/06-threads-parser/test/llhttp-binding.ts';

export interface ParserSpeed {
  mbPerSec: number;
  reqPerSec: number;
}

export interface ParserBench {
  ours: ParserSpeed;
  llhttp: ParserSpeed;
  /** ours.reqPerSec / llhttp.reqPerSec */
  ratio: number;
}

const WARM_UP_MS = 800;
/** Short rounds, many of them, taken in turn: the best round of each side is one where the
 * machine was quiet, and both sides get the same chances of one. */
const ROUND_MS = 60;
const ROUNDS = 20;
/** Requests parsed between two looks at the clock. */
const BATCH = 500;

/** Browser-like requests of about 700 bytes: what Chrome sends for the files of a page. */
function browserRequests(): Buffer[] {
  const paths = [
    '/',
    '/style.css',
    '/app.js?v=1712345678',
    '/images/logo.png',
    '/ipsum.html',
    '/favicon.ico',
  ];
  const accepts = [
    'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7',
    'text/css,*/*;q=0.1',
    '*/*',
    'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
    'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8',
  ];
  const destinations = ['document', 'style', 'script', 'image', 'document', 'image'];
  return paths.map((path, i) =>
    Buffer.from(
      [
        `GET ${path} HTTP/1.1`,
        'Host: localhost:8080',
        'Connection: keep-alive',
        'sec-ch-ua: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"',
        'sec-ch-ua-mobile: ?0',
        'sec-ch-ua-platform: "Linux"',
        'Upgrade-Insecure-Requests: 1',
        'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
        `Accept: ${accepts[i]}`,
        'Sec-Fetch-Site: same-origin',
        'Sec-Fetch-Mode: navigate',
        `Sec-Fetch-Dest: ${destinations[i]}`,
        'Referer: http://localhost:8080/',
        'Accept-Encoding: gzip, deflate, br, zstd',
        'Accept-Language: en-GB,en-US;q=0.9,en;q=0.8',
        'Cookie: session=3f9a1c2b7d; theme=dark',
        '',
        '',
      ].join('\r\n'),
      'latin1',
    ),
  );
}

/** Something that parses one request per call, on a parser that lives across calls, and throws
 * unless that request was completed: a side that parsed nothing must not look fast. */
type Parse = (request: Buffer) => void;

/** Ours, with a protocol that keeps what a server keeps: the url and the header fields. */
function ourParser(): Parse {
  let fields: string[] = [];
  let url = '';
  let completed = 0;
  const parser = new HttpRequestParser({
    onUrl: (target) => {
      url = target;
    },
    onHeader: (name, value) => {
      fields.push(name, value);
    },
    onMessageComplete: () => {
      completed++;
      fields = [];
    },
  });
  return (request) => {
    const before = completed;
    parser.feedData(request);
    if (completed !== before + 1 || url === '') {
      throw new Error('our parser did not complete the request');
    }
  };
}

/** llhttp through Node, as node:http drives it: one parser per connection, callbacks in JS. */
function llhttpParser(): Parse {
  let completed = 0;
  let fields: string[] = [];
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {});
  parser[HTTPParser.kOnHeaders] = (more: string[]) => {
    fields.push(...more);
  };
  parser[HTTPParser.kOnHeadersComplete] = (
    _major: number,
    _minor: number,
    headers: string[] | undefined,
  ) => {
    if (headers) fields = headers;
    return 0;
  };
  parser[HTTPParser.kOnBody] = () => {};
  parser[HTTPParser.kOnMessageComplete] = () => {
    completed++;
    fields = [];
  };
  return (request) => {
    const before = completed;
    const result = parser.execute(request);
    if (typeof result !== 'number' || completed !== before + 1) {
      throw new Error('llhttp did not complete the request');
    }
  };
}

/**
 * Parses requests in turn for about `ms`; answers requests and bytes per second of CPU time (this
 * process's, so that other programs running on the machine do not count).
 */
function run(
  parse: Parse,
  requests: Buffer[],
  ms: number,
): { reqPerSec: number; bytesPerSec: number } {
  let parsed = 0;
  let bytes = 0;
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  do {
    for (let i = 0; i < BATCH; i++) {
      const request = requests[i % requests.length] as Buffer;
      parse(request);
      bytes += request.length;
    }
    parsed += BATCH;
  } while (performance.now() - started < ms);
  const cpu = process.cpuUsage(cpuAtStart);
  const seconds = (cpu.user + cpu.system) / 1e6;
  return { reqPerSec: parsed / seconds, bytesPerSec: bytes / seconds };
}

/**
 * Runs the measurement in a fresh Node process: what the calling process has loaded (autocannon
 * for the server bench, say) changes what V8 optimises, and measurably moved the ratio.
 */
export async function benchParser(): Promise<ParserBench> {
  const script = fileURLToPath(import.meta.url);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
    cwd: dirname(script), // where `tsx` resolves from
  });
  return JSON.parse(stdout) as ParserBench;
}

async function measure(): Promise<ParserBench> {
  const requests = browserRequests();
  const sides = { ours: ourParser(), llhttp: llhttpParser() };
  const best = {
    ours: { reqPerSec: 0, bytesPerSec: 0 },
    llhttp: { reqPerSec: 0, bytesPerSec: 0 },
  };
  for (const parse of Object.values(sides)) run(parse, requests, WARM_UP_MS);
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which side goes first, so that neither always follows a GC of the other.
    const order = round % 2 === 0 ? (['ours', 'llhttp'] as const) : (['llhttp', 'ours'] as const);
    for (const side of order) {
      const result = run(sides[side], requests, ROUND_MS);
      if (result.reqPerSec > best[side].reqPerSec) best[side] = result;
    }
    // Let timers and I/O through between rounds.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const speed = (side: 'ours' | 'llhttp'): ParserSpeed => ({
    mbPerSec: best[side].bytesPerSec / 1e6,
    reqPerSec: best[side].reqPerSec,
  });
  return {
    ours: speed('ours'),
    llhttp: speed('llhttp'),
    ratio: best.ours.reqPerSec / best.llhttp.reqPerSec,
  };
}

// Run as a script (by benchParser): measure, and print the result as JSON.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  measure().then((result) => process.stdout.write(JSON.stringify(result)));
}
