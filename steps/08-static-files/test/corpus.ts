// Requests to compare our parser with Node's llhttp (llhttp.test.ts) and to mutate (fuzz.test.ts):
// valid ones from real clients, and invalid ones, above all every framing that has been used to
// smuggle a request past a proxy. Each is a latin1 string, so that any byte can be written.

export interface CorpusEntry {
  /** Unique: the differences in llhttp.test.ts are listed by name. */
  name: string;
  request: string;
}

/** Lines joined by CRLF. */
export const crlf = (...lines: string[]) => lines.join('\r\n');
/** A head from its lines (CRLF), with the empty line that ends it. */
const head = (...lines: string[]) => `${crlf(...lines)}\r\n\r\n`;
const get = (...fields: string[]) => head('GET / HTTP/1.1', 'Host: example.com', ...fields);
const post = (fields: string[], body: string) =>
  head('POST /submit HTTP/1.1', 'Host: example.com', ...fields) + body;
const chunked = (body: string) => post(['Transfer-Encoding: chunked'], body);
const lengthBody = (body: string) => post([`Content-Length: ${body.length}`], body);

const chrome = head(
  'GET /assets/app.js?v=12345 HTTP/1.1',
  'Host: localhost:8080',
  'Connection: keep-alive',
  'sec-ch-ua: "Chromium";v="124", "Google Chrome";v="124", "Not-A.Brand";v="99"',
  'sec-ch-ua-mobile: ?0',
  'User-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
  'sec-ch-ua-platform: "Linux"',
  'Accept: */*',
  'Sec-Fetch-Site: same-origin',
  'Sec-Fetch-Mode: no-cors',
  'Sec-Fetch-Dest: script',
  'Referer: http://localhost:8080/',
  'Accept-Encoding: gzip, deflate, br, zstd',
  'Accept-Language: en-GB,en-US;q=0.9,en;q=0.8',
  'Cookie: session=abc123def456; theme=dark',
);

const firefoxForm = post(
  [
    'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0',
    'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
    'Accept-Language: en-US,en;q=0.5',
    'Accept-Encoding: gzip, deflate, br',
    'Content-Type: application/x-www-form-urlencoded',
    'Content-Length: 21',
    'Origin: http://localhost:8080',
    'Connection: keep-alive',
    'Referer: http://localhost:8080/form.html',
    'Upgrade-Insecure-Requests: 1',
  ],
  'name=John&surname=Doe',
);

const valid: CorpusEntry[] = [
  { name: 'chrome script request', request: chrome },
  { name: 'firefox form post', request: firefoxForm },
  {
    name: 'curl',
    request: head(
      'GET /get?x=1 HTTP/1.1',
      'Host: localhost:8080',
      'User-Agent: curl/8.5.0',
      'Accept: */*',
    ),
  },
  {
    name: 'python urllib',
    request: head(
      'GET /index.html HTTP/1.1',
      'Accept-Encoding: identity',
      'Host: localhost:8080',
      'User-Agent: Python-urllib/3.12',
      'Connection: close',
    ),
  },
  {
    name: 'node fetch json post',
    request: post(
      [
        'connection: keep-alive',
        'content-type: application/json',
        'accept: */*',
        'accept-language: *',
        'sec-fetch-mode: cors',
        'user-agent: node',
        'accept-encoding: gzip, deflate',
        'content-length: 24',
      ],
      '{"name":"John","age":42}',
    ),
  },
  { name: 'minimal get', request: head('GET / HTTP/1.1') },
  { name: 'get with host', request: get() },
  { name: 'head', request: head('HEAD /index.html HTTP/1.1', 'Host: x') },
  { name: 'delete', request: head('DELETE /items/42 HTTP/1.1', 'Host: x') },
  { name: 'options asterisk', request: head('OPTIONS * HTTP/1.1', 'Host: x') },
  { name: 'options path', request: head('OPTIONS /api HTTP/1.1', 'Host: x') },
  { name: 'trace', request: head('TRACE / HTTP/1.1', 'Host: x') },
  { name: 'patch with body', request: `${head('PATCH /a HTTP/1.1', 'Content-Length: 2')}{}` },
  { name: 'put with body', request: `${head('PUT /file.txt HTTP/1.1', 'Content-Length: 5')}hello` },
  { name: 'propfind', request: head('PROPFIND /dav/ HTTP/1.1', 'Depth: 1', 'Content-Length: 0') },
  {
    name: 'm-search',
    request: head('M-SEARCH * HTTP/1.1', 'HOST: 239.255.255.250:1900', 'MAN: "ssdp:discover"'),
  },
  { name: 'purge', request: head('PURGE /cached HTTP/1.1', 'Host: x') },
  { name: 'connect', request: head('CONNECT example.com:443 HTTP/1.1', 'Host: example.com:443') },
  { name: 'connect ipv4', request: head('CONNECT 127.0.0.1:443 HTTP/1.1') },
  { name: 'unknown method token', request: head('BREW /pot HTTP/1.1', 'Host: x') },
  { name: 'lowercase method', request: head('get / HTTP/1.1', 'Host: x') },
  { name: 'method with symbols', request: head("X!#$%&'*+-.^_`|~ / HTTP/1.1") },
  {
    name: 'absolute-form http',
    request: head('GET http://example.com/a?b=c HTTP/1.1', 'Host: example.com'),
  },
  {
    name: 'absolute-form https with port',
    request: head('GET https://example.com:8443/ HTTP/1.1'),
  },
  { name: 'absolute-form other scheme', request: head('GET urn:isbn:0451450523 HTTP/1.1') },
  { name: 'target with query and fragment', request: head('GET /a/b.html?x=1&y=%20#top HTTP/1.1') },
  { name: 'target with percent-encoding', request: head('GET /caf%C3%A9/%2e%2e/x HTTP/1.1') },
  { name: 'target with double slash', request: head('GET //etc//passwd HTTP/1.1') },
  { name: 'target with unsafe ascii', request: head('GET /a{b}|\\^`"<> HTTP/1.1') },
  { name: 'target of 8000 bytes', request: head(`GET /${'a'.repeat(7999)} HTTP/1.1`) },
  { name: 'http/1.0', request: head('GET / HTTP/1.0') },
  { name: 'http/1.0 keep-alive', request: head('GET / HTTP/1.0', 'Connection: keep-alive') },
  {
    name: 'http/1.0 with content-length',
    request: `${head('POST / HTTP/1.0', 'Content-Length: 3')}abc`,
  },
  { name: 'http/1.1 connection close', request: get('Connection: close') },
  { name: 'connection close mixed case', request: get('Connection: Keep-Alive, CLOSE') },
  { name: 'connection list', request: get('Connection: TE, keep-alive') },
  { name: 'upgrade websocket alone', request: get('Upgrade: websocket') },
  { name: 'header name case kept', request: get('X-MiXeD-CaSe: Value') },
  {
    name: 'header value ows trimmed',
    request: get('X-Space:    padded value   ', 'X-Tab:\t\ttabbed\t'),
  },
  { name: 'header value empty', request: get('X-Empty:', 'X-Empty-Space:   ') },
  { name: 'header value inner whitespace', request: get('X-Inner: a \t b') },
  { name: 'header value obs-text', request: get('X-Latin1: caf\xe9 \xa0\xff') },
  { name: 'header value quotes and commas', request: get('X-List: "a, b", c;q=0.5, d') },
  { name: 'header name with all tchars', request: get("X!#$%&'*+-.^_`|~0: v") },
  { name: 'duplicate ordinary headers', request: get('Accept: a', 'Accept: b', 'accept: c') },
  {
    name: 'hundred headers',
    request: get(...Array.from({ length: 100 }, (_, i) => `X-Header-${i}: value ${i}`)),
  },
  { name: 'long header value 10k', request: get(`X-Long: ${'v'.repeat(10_000)}`) },
  {
    name: 'cookie heavy',
    request: get(
      `Cookie: ${Array.from({ length: 40 }, (_, i) => `c${i}=${'x'.repeat(20)}`).join('; ')}`,
    ),
  },
  { name: 'content-length zero', request: post(['Content-Length: 0'], '') },
  { name: 'content-length leading zeros', request: post(['Content-Length: 005'], 'hello') },
  { name: 'content-length trailing ows', request: post(['Content-Length:  5 \t'], 'hello') },
  { name: 'content-length binary body', request: lengthBody('\x00\x01\r\n\xff\r\r\n\n') },
  {
    name: 'content-length body looks like a request',
    request: lengthBody('GET /admin HTTP/1.1\r\n\r\n'),
  },
  { name: 'content-length 64k body', request: lengthBody('b'.repeat(65_536)) },
  { name: 'chunked simple', request: chunked(crlf('5', 'hello', '0', '', '')) },
  {
    name: 'chunked several chunks',
    request: chunked(crlf('3', 'abc', '1', 'd', 'a', '0123456789', '0', '', '')),
  },
  { name: 'chunked uppercase hex', request: chunked(crlf('A', '0123456789', '0', '', '')) },
  { name: 'chunked leading zeros', request: chunked(crlf('0005', 'hello', '000', '', '')) },
  { name: 'chunked extension name', request: chunked(crlf('5;ext', 'hello', '0', '', '')) },
  {
    name: 'chunked extension value',
    request: chunked(crlf('5;name=value', 'hello', '0;last=1', '', '')),
  },
  {
    name: 'chunked extension quoted',
    request: chunked(crlf('5;a="b \\" c"', 'hello', '0', '', '')),
  },
  {
    name: 'chunked several extensions',
    request: chunked(crlf('5;a=1;b;c="x"', 'hello', '0', '', '')),
  },
  { name: 'chunked extension bws', request: chunked(crlf('5 ; a = 1', 'hello', '0', '', '')) },
  { name: 'chunked trailer', request: chunked(crlf('5', 'hello', '0', 'Expires: never', '', '')) },
  {
    name: 'chunked trailers',
    request: chunked(crlf('5', 'hello', '0', 'X-A: 1', 'X-B:  two ', '', '')),
  },
  { name: 'chunked empty body', request: chunked(crlf('0', '', '')) },
  { name: 'chunked crlf inside data', request: chunked(crlf('4', '\r\n\r\n', '0', '', '')) },
  {
    name: 'chunked body looks like a request',
    request: chunked(crlf('13', 'GET / HTTP/1.1\r\n\r\n', '0', '', '')),
  },
  {
    name: 'transfer-encoding uppercase',
    request: post(['Transfer-Encoding: CHUNKED'], crlf('1', 'x', '0', '', '')),
  },
  {
    name: 'transfer-encoding tab ows',
    request: post(['Transfer-Encoding:\tchunked\t'], crlf('1', 'x', '0', '', '')),
  },
  {
    name: 'transfer-encoding empty elements',
    request: post(['Transfer-Encoding: , chunked'], crlf('0', '', '')),
  },
  { name: 'empty line before request', request: `\r\n${get()}` },
  { name: 'bare lf empty line before request', request: `\n${get()}` },
  { name: 'pipelined two gets', request: get() + head('GET /second HTTP/1.1', 'Host: x') },
  {
    name: 'pipelined three mixed',
    request: get() + lengthBody('abc') + chunked(crlf('2', 'hi', '0', '', '')),
  },
  { name: 'pipelined with crlf between', request: `${lengthBody('abc')}\r\n${get()}` },
  {
    name: 'pipelined ten',
    request: Array.from({ length: 10 }, (_, i) => head(`GET /${i} HTTP/1.1`)).join(''),
  },
  { name: 'pipelined after chunked trailers', request: chunked(crlf('0', 'T: 1', '', '')) + get() },
];

const versions: CorpusEntry[] = [
  { name: 'version 2.0', request: head('GET / HTTP/2.0') },
  { name: 'version 0.9 spelled', request: head('GET / HTTP/0.9') },
  { name: 'version 1.2', request: head('GET / HTTP/1.2') },
  { name: 'version 3.0', request: head('GET / HTTP/3.0') },
  { name: 'version 9.9', request: head('GET / HTTP/9.9') },
  { name: 'http/0.9 no version', request: 'GET /\r\n\r\n' },
  { name: 'version lowercase', request: head('GET / http/1.1') },
  { name: 'version missing minor', request: head('GET / HTTP/1') },
  { name: 'version missing dot', request: head('GET / HTTP/11') },
  { name: 'version two digit', request: head('GET / HTTP/10.1') },
  { name: 'version letters', request: head('GET / HTTP/a.b') },
  { name: 'version junk after', request: head('GET / HTTP/1.1 extra') },
  { name: 'version trailing space', request: head('GET / HTTP/1.1 ') },
  { name: 'version other protocol', request: head('GET / HTTPS/1.1') },
  { name: 'version only', request: head('HTTP/1.1') },
];

const requestLines: CorpusEntry[] = [
  { name: 'request line two spaces after method', request: head('GET  / HTTP/1.1') },
  { name: 'request line two spaces before version', request: head('GET /  HTTP/1.1') },
  { name: 'request line leading space', request: head(' GET / HTTP/1.1') },
  { name: 'request line tab separator', request: head('GET\t/\tHTTP/1.1') },
  { name: 'request line no target', request: head('GET HTTP/1.1') },
  { name: 'request line empty target', request: head('GET  HTTP/1.1') },
  { name: 'method with slash', request: head('GE/T / HTTP/1.1') },
  { name: 'method with paren', request: head('GE(T / HTTP/1.1') },
  { name: 'method with nul', request: head('GE\x00T / HTTP/1.1') },
  { name: 'method non-ascii', request: head('G\xc9T / HTTP/1.1') },
  { name: 'target with space', request: head('GET /a b HTTP/1.1') },
  { name: 'target with nul', request: head('GET /a\x00b HTTP/1.1') },
  { name: 'target with tab', request: head('GET /a\tb HTTP/1.1') },
  { name: 'target with del', request: head('GET /a\x7fb HTTP/1.1') },
  { name: 'target non-ascii', request: head('GET /caf\xe9 HTTP/1.1') },
  { name: 'target relative', request: head('GET index.html HTTP/1.1') },
  { name: 'target authority-form with get', request: head('GET 127.0.0.1:80 HTTP/1.1') },
  { name: 'target over 8192', request: head(`GET /${'a'.repeat(8200)} HTTP/1.1`) },
  { name: 'garbage tls hello', request: '\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n' },
  { name: 'garbage binary with lf', request: '\x00\xff\xfe\n\n\r\n' },
  { name: 'only crlf lines then request', request: `\r\n\r\n\r\n${get()}` },
];

const lineEnds: CorpusEntry[] = [
  { name: 'bare lf throughout', request: 'GET / HTTP/1.1\nHost: x\nAccept: */*\n\n' },
  { name: 'bare lf with body', request: 'POST / HTTP/1.1\nContent-Length: 3\n\nabc' },
  {
    name: 'bare lf chunked',
    request: 'POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n3\nabc\n0\n\n',
  },
  { name: 'mixed crlf then lf header', request: 'GET / HTTP/1.1\r\nHost: x\nAccept: */*\r\n\r\n' },
  { name: 'mixed lf then crlf', request: 'GET / HTTP/1.1\nHost: x\r\n\r\n' },
  { name: 'mixed crlf head lf end', request: 'GET / HTTP/1.1\r\nHost: x\r\n\n' },
  { name: 'mixed lf head crlf end', request: 'GET / HTTP/1.1\nHost: x\n\r\n' },
  { name: 'bare cr line end', request: 'GET / HTTP/1.1\rHost: x\r\n\r\n' },
  { name: 'bare cr after header', request: 'GET / HTTP/1.1\r\nHost: x\rX: y\r\n\r\n' },
  { name: 'bare cr in value', request: get('X: a\rb') },
  { name: 'bare cr in name', request: get('X\rY: b') },
  { name: 'bare cr in target', request: head('GET /a\rb HTTP/1.1') },
  { name: 'cr cr lf', request: 'GET / HTTP/1.1\r\nHost: x\r\r\n\r\n' },
  { name: 'lf cr lf end', request: 'GET / HTTP/1.1\r\nHost: x\n\r\n' },
  { name: 'bare cr empty line', request: 'GET / HTTP/1.1\r\nHost: x\r\n\rGET / HTTP/1.1\r\n\r\n' },
  { name: 'bare lf after chunk data', request: chunked('3\r\nabc\n0\r\n\r\n') },
  { name: 'bare lf after chunk size', request: chunked('3\nabc\r\n0\r\n\r\n') },
  { name: 'bare cr after chunk data', request: chunked('3\r\nabc\r0\r\n\r\n') },
  { name: 'bare lf in trailers', request: chunked('0\r\nX: y\n\r\n') },
];

const fieldLines: CorpusEntry[] = [
  { name: 'obs-fold space', request: get('X-Folded: a', ' b') },
  { name: 'obs-fold tab', request: get('X-Folded: a', '\tb') },
  {
    name: 'obs-fold hiding transfer-encoding',
    request: post(['X: y', ' Transfer-Encoding: chunked'], '0\r\n\r\n'),
  },
  { name: 'whitespace before first field', request: head('GET / HTTP/1.1', ' Host: x') },
  { name: 'space before colon', request: get('Host : x') },
  { name: 'tab before colon', request: get('Accept\t: */*') },
  {
    name: 'space before colon transfer-encoding',
    request: post(['Transfer-Encoding : chunked'], '0\r\n\r\n'),
  },
  { name: 'space before colon content-length', request: post(['Content-Length : 3'], 'abc') },
  { name: 'space inside name', request: get('X Y: z') },
  { name: 'empty field name', request: get(': value') },
  { name: 'no colon', request: get('NoColonHere') },
  { name: 'name with slash', request: get('X/Y: z') },
  { name: 'name with at', request: get('X@Y: z') },
  { name: 'name with quote', request: get('"X": z') },
  { name: 'name with brace', request: get('X{Y}: z') },
  { name: 'name non-ascii', request: get('X\xe9: z') },
  { name: 'nul in name', request: get('X\x00Y: z') },
  { name: 'nul in value', request: get('X: a\x00b') },
  { name: 'nul at value end', request: get('X: ab\x00') },
  { name: 'soh in value', request: get('X: a\x01b') },
  { name: 'vertical tab in value', request: get('X: a\x0bb') },
  { name: 'form feed in value', request: get('X: a\x0cb') },
  { name: 'escape in value', request: get('X: a\x1bb') },
  { name: 'del in value', request: get('X: a\x7fb') },
  { name: 'head over 16k', request: get(`X-Pad: ${'a'.repeat(17_000)}`) },
  {
    name: 'many fields over 16k',
    request: get(...Array.from({ length: 1500 }, (_, i) => `X-${i}: some value`)),
  },
];

const contentLengths: CorpusEntry[] = [
  {
    name: 'cl duplicate identical',
    request: post(['Content-Length: 3', 'Content-Length: 3'], 'abc'),
  },
  {
    name: 'cl duplicate differing',
    request: post(['Content-Length: 3', 'Content-Length: 4'], 'abcd'),
  },
  {
    name: 'cl duplicate case differs',
    request: post(['Content-Length: 3', 'content-length: 30'], 'abc'),
  },
  { name: 'cl list identical', request: post(['Content-Length: 3, 3'], 'abc') },
  { name: 'cl list differing', request: post(['Content-Length: 3, 4'], 'abcd') },
  { name: 'cl plus sign', request: post(['Content-Length: +3'], 'abc') },
  { name: 'cl minus sign', request: post(['Content-Length: -3'], 'abc') },
  { name: 'cl hex', request: post(['Content-Length: 0x3'], 'abc') },
  { name: 'cl hex letters', request: post(['Content-Length: a'], 'abcdefghij') },
  { name: 'cl empty', request: post(['Content-Length:'], 'abc') },
  { name: 'cl space inside', request: post(['Content-Length: 1 0'], 'abcdefghij') },
  { name: 'cl exponent', request: post(['Content-Length: 1e1'], 'abcdefghij') },
  { name: 'cl decimal', request: post(['Content-Length: 3.0'], 'abc') },
  { name: 'cl trailing comma', request: post(['Content-Length: 3,'], 'abc') },
  { name: 'cl overflow', request: post(['Content-Length: 99999999999999999999999'], 'abc') },
  { name: 'cl nul', request: post(['Content-Length: 3\x00'], 'abc') },
  { name: 'cl vertical tab', request: post(['Content-Length:\x0b3'], 'abc') },
  { name: 'cl over one mebibyte', request: post(['Content-Length: 2000000'], 'abc') },
  {
    name: 'cl shorter body then smuggled',
    request: post(['Content-Length: 0'], 'GET /admin HTTP/1.1\r\n\r\n'),
  },
];

const transferEncodings: CorpusEntry[] = [
  {
    name: 'cl and te',
    request: post(['Content-Length: 5', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
  },
  {
    name: 'te and cl',
    request: post(['Transfer-Encoding: chunked', 'Content-Length: 5'], '0\r\n\r\n'),
  },
  {
    name: 'te and cl zero',
    request: post(['Transfer-Encoding: chunked', 'Content-Length: 0'], '0\r\n\r\n'),
  },
  { name: 'te gzip', request: post(['Transfer-Encoding: gzip'], 'abc') },
  { name: 'te identity', request: post(['Transfer-Encoding: identity'], 'abc') },
  { name: 'te gzip chunked', request: post(['Transfer-Encoding: gzip, chunked'], '0\r\n\r\n') },
  { name: 'te chunked gzip', request: post(['Transfer-Encoding: chunked, gzip'], '0\r\n\r\n') },
  {
    name: 'te chunked chunked',
    request: post(['Transfer-Encoding: chunked, chunked'], '0\r\n\r\n'),
  },
  {
    name: 'te two chunked lines',
    request: post(['Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
  },
  {
    name: 'te gzip line then chunked line',
    request: post(['Transfer-Encoding: gzip', 'Transfer-Encoding: chunked'], '0\r\n\r\n'),
  },
  { name: 'te empty', request: post(['Transfer-Encoding:'], '0\r\n\r\n') },
  { name: 'te xchunked', request: post(['Transfer-Encoding: xchunked'], '0\r\n\r\n') },
  {
    name: 'te chunked with parameter',
    request: post(['Transfer-Encoding: chunked;q=1'], '0\r\n\r\n'),
  },
  { name: 'te chunked nbsp', request: post(['Transfer-Encoding: chunked\xa0'], '0\r\n\r\n') },
  {
    name: 'te chunked vertical tab',
    request: post(['Transfer-Encoding: \x0bchunked'], '0\r\n\r\n'),
  },
  { name: 'te quoted chunked', request: post(['Transfer-Encoding: "chunked"'], '0\r\n\r\n') },
  {
    name: 'te in http/1.0',
    request: `${head('POST / HTTP/1.0', 'Transfer-Encoding: chunked')}0\r\n\r\n`,
  },
  {
    name: 'te cl.te smuggle',
    request: post(['Content-Length: 13', 'Transfer-Encoding: chunked'], '0\r\n\r\nSMUGGLED'),
  },
  {
    name: 'te te.cl smuggle',
    request: post(
      ['Transfer-Encoding: chunked', 'Content-Length: 3'],
      '8\r\nSMUGGLED\r\n0\r\n\r\n',
    ),
  },
];

const chunks: CorpusEntry[] = [
  { name: 'chunk size not hex', request: chunked(crlf('zz', 'x', '0', '', '')) },
  { name: 'chunk size plus', request: chunked(crlf('+5', 'hello', '0', '', '')) },
  { name: 'chunk size minus', request: chunked(crlf('-5', 'hello', '0', '', '')) },
  { name: 'chunk size 0x', request: chunked(crlf('0x5', 'hello', '0', '', '')) },
  { name: 'chunk size empty', request: chunked(crlf('', 'hello', '0', '', '')) },
  { name: 'chunk size leading space', request: chunked(crlf(' 5', 'hello', '0', '', '')) },
  { name: 'chunk size trailing space', request: chunked(crlf('5 ', 'hello', '0', '', '')) },
  { name: 'chunk size trailing tab', request: chunked(crlf('5\t', 'hello', '0', '', '')) },
  { name: 'chunk size overflow', request: chunked(crlf('fffffffffffffffff', 'x', '0', '', '')) },
  {
    name: 'chunk size 2^64 wrap',
    request: chunked(crlf('10000000000000005', 'hello', '0', '', '')),
  },
  { name: 'chunk size over one mebibyte', request: chunked(crlf('200000', 'x')) },
  { name: 'chunk data longer than size', request: chunked(crlf('3', 'hello', '0', '', '')) },
  { name: 'chunk data shorter than size', request: chunked(crlf('8', 'hello', '0', '', '')) },
  { name: 'chunk no crlf after data', request: chunked('3\r\nabc0\r\n\r\n') },
  { name: 'chunk last chunk missing', request: chunked(crlf('3', 'abc', '', '')) },
  { name: 'chunk extension empty', request: chunked(crlf('3;', 'abc', '0', '', '')) },
  { name: 'chunk extension empty value', request: chunked(crlf('3;a=', 'abc', '0', '', '')) },
  {
    name: 'chunk extension unterminated quote',
    request: chunked(crlf('3;a="b', 'abc', '0', '', '')),
  },
  { name: 'chunk extension nul', request: chunked(crlf('3;a\x00', 'abc', '0', '', '')) },
  { name: 'chunk extension bad name', request: chunked(crlf('3;a(b)', 'abc', '0', '', '')) },
  { name: 'chunk extension without semicolon', request: chunked(crlf('3 a', 'abc', '0', '', '')) },
  { name: 'trailer space before colon', request: chunked(crlf('0', 'X : y', '', '')) },
  { name: 'trailer obs-fold', request: chunked(crlf('0', 'X: y', ' z', '', '')) },
  { name: 'trailer nul', request: chunked(crlf('0', 'X: a\x00', '', '')) },
  { name: 'trailer no colon', request: chunked(crlf('0', 'garbage', '', '')) },
];

const pipelines: CorpusEntry[] = [
  {
    name: 'pipelined valid then smuggled cl',
    request: get() + post(['Content-Length: 1', 'Content-Length: 2'], 'ab'),
  },
  { name: 'pipelined valid then obs-fold', request: get() + get('X: a', ' b') },
  { name: 'pipelined http/1.0 then get', request: head('GET / HTTP/1.0') + get() },
  { name: 'pipelined connection close then get', request: get('Connection: close') + get() },
  {
    name: 'pipelined chunked then get',
    request: chunked(crlf('3', 'abc', '0', '', '')) + head('GET /next HTTP/1.1'),
  },
  {
    name: 'pipelined upgrade then get',
    request: get('Connection: Upgrade', 'Upgrade: websocket') + get(),
  },
  { name: 'pipelined connect then get', request: head('CONNECT example.com:443 HTTP/1.1') + get() },
  { name: 'pipelined bare lf then crlf message', request: `GET /a HTTP/1.1\n\n${get()}` },
  { name: 'pipelined crlf then bare lf message', request: `${get()}GET /b HTTP/1.1\n\n` },
];

export const corpus: CorpusEntry[] = [
  ...valid,
  ...versions,
  ...requestLines,
  ...lineEnds,
  ...fieldLines,
  ...contentLengths,
  ...transferEncodings,
  ...chunks,
  ...pipelines,
];
