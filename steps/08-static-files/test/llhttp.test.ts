// Our parser against Node's own: llhttp, as node:http drives it (lib/_http_common.js,
// lib/_http_server.js), over every request of the corpus. Where the two disagree, the difference
// must be listed in DIFFERENCES with the reason; a listed difference that no longer differs fails
// too, so that the list stays true.
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { HttpParserError, HttpRequestParser } from '../src/parser.ts';
import { corpus } from './corpus.ts';
import { HTTPParser, methods } from './llhttp-binding.ts';

/**
 * Each deliberate difference: corpus entry → why we differ from llhttp. Where RFC 9112 is stricter
 * than Node, we follow the RFC; where the course's contract asks for something else, we follow
 * the contract.
 */
const DIFFERENCES: Record<string, string> = {
  // Methods and targets
  'unknown method token':
    'RFC 9110 §9.1: a method is any token; the server answers 501 for one it does not serve. llhttp knows a fixed list.',
  'lowercase method':
    'RFC 9110 §9.1: methods are case-sensitive tokens, so "get" is a method (an unknown one, 501), not garbage.',
  'method with symbols': 'RFC 9110 §5.6.2: every tchar may appear in a method token.',
  'absolute-form other scheme':
    'RFC 9112 §3.2.2: absolute-form is an absolute-URI (RFC 3986 §4.3), which needs no "//"; llhttp only accepts scheme://.',
  // The request line
  'version 2.0':
    'Contract: HTTP/1.0 and HTTP/1.1 only; RFC 9110 §15.6.6: 505 for a major version the server does not support. llhttp passes 2.0 on.',
  'version 0.9 spelled':
    'Contract: HTTP/1.0 and HTTP/1.1 only (505). llhttp passes the version on for the server to judge.',
  'http/0.9 no version':
    'Contract and RFC 9112 §3: a request-line has a version; HTTP/0.9 (no version, no headers) is refused. llhttp accepts it.',
  'request line two spaces after method':
    'RFC 9112 §3: one SP between the parts; parsing on runs of whitespace is allowed but warned against (smuggling), so we refuse.',
  'request line two spaces before version': 'RFC 9112 §3: one SP between the parts, as above.',
  'target over 8192':
    'Contract: 414 for a target over 8 KiB (RFC 9112 §3: at least 8000 octets must be supported). llhttp has no target limit.',
  // Line ends
  'bare lf throughout':
    'Contract and RFC 9112 §2.2 (a recipient MAY recognise a single LF as a line end): a head typed in nc works. llhttp wants CRLF.',
  'bare lf with body': 'Bare LF throughout, as above.',
  'bare lf chunked': 'Bare LF throughout, chunk lines included, as above.',
  'pipelined bare lf then crlf message':
    'Bare LF throughout one message (RFC 9112 §2.2), then a CRLF message: each message is consistent, so both are accepted.',
  'pipelined crlf then bare lf message': 'As above, the other way round.',
  // Whitespace that RFC 9112 lets through
  'content-length trailing ows':
    'RFC 9112 §5.1: OWS around a field value is not part of it, so the value is "5". llhttp refuses whitespace after the digits.',
  'transfer-encoding tab ows':
    'RFC 9112 §5.1 and RFC 9110 §5.6.3: OWS includes HTAB. llhttp refuses the trailing tab.',
  'chunked extension bws':
    'RFC 9112 §7.1.1: chunk-ext allows BWS around ";" and "=", which a recipient MUST parse (RFC 9110 §5.6.3). llhttp refuses.',
  // Framing: we are stricter, as RFC 9112 asks
  'te gzip chunked':
    'RFC 9112 §6.1: a server SHOULD answer 501 to a transfer coding it does not understand; we only implement chunked. llhttp passes gzip on, undecoded.',
  'te gzip line then chunked line':
    'The two field lines make the list "gzip, chunked" (RFC 9110 §5.3): 501, as above.',
  'te empty':
    'RFC 9112 §6.3: a Transfer-Encoding whose last coding is not chunked leaves the length unknown: 400. llhttp ignores the empty field and reads the body as the next request.',
  'te in http/1.0':
    'RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message MUST be treated as faulty framing (HTTP/1.0 has no chunked).',
  'chunk extension empty value':
    'RFC 9112 §7.1.1: after "=" comes a token or a quoted-string, never nothing. llhttp skips extensions unchecked.',
  // Limits of ours
  'cl over one mebibyte':
    'Contract: bodies over 1 MiB answer 413, refused from the Content-Length. llhttp has no body limit.',
  'chunk size over one mebibyte':
    'Contract: 413 as soon as the chunk sizes add up to more than 1 MiB.',
  // Upgrade and CONNECT switch nothing
  'pipelined upgrade then get':
    'Contract: Upgrade switches nothing, the request is answered as if it were absent, so the next bytes are a request. llhttp stops for the new protocol.',
  'pipelined connect then get':
    'Contract: CONNECT is just a method (the server answers 501), so the next bytes are a request. llhttp stops to tunnel.',
};

interface ParsedMessage {
  method: string;
  url: string;
  version: string;
  headers: string[];
  trailers: string[];
  body: string;
  keepAlive: boolean;
}

/** What a parser made of some bytes: the complete messages, and the error if it refused them. */
interface Outcome {
  messages: ParsedMessage[];
  error?: string;
}

function parseWithOurs(input: Buffer): Outcome {
  const messages: ParsedMessage[] = [];
  let current: ParsedMessage | undefined;
  let body: Buffer[] = [];
  const parser: HttpRequestParser = new HttpRequestParser({
    onMessageBegin: () => {
      current = {
        method: '',
        url: '',
        version: '',
        headers: [],
        trailers: [],
        body: '',
        keepAlive: false,
      };
      body = [];
    },
    onUrl: (url) => {
      if (current) current.url = url;
    },
    onHeader: (name, value) => {
      // Before onHeadersComplete a field is a header; after it, a trailer.
      if (current) (current.method ? current.trailers : current.headers).push(name, value);
    },
    onHeadersComplete: () => {
      if (!current) return;
      current.method = parser.getMethod();
      current.version = parser.getHttpVersion();
      current.keepAlive = parser.shouldKeepAlive();
    },
    onBody: (chunk) => body.push(Buffer.from(chunk)),
    onMessageComplete: () => {
      if (!current) return;
      current.body = Buffer.concat(body).toString('latin1');
      messages.push(current);
    },
  });
  try {
    parser.feedData(input);
  } catch (error) {
    if (!(error instanceof HttpParserError)) throw error;
    return { messages, error: `${error.status} ${error.message}` };
  }
  return { messages };
}

/**
 * llhttp as node:http drives it, with one change: kLenientKeepAlive, so that it carries on
 * parsing after a request that asked to close (node:http stops reading there; we parse every
 * request fed and leave closing to the server).
 */
function parseWithLlhttp(input: Buffer): Outcome {
  const messages: ParsedMessage[] = [];
  let current: ParsedMessage | undefined;
  // Node flushes headers to kOnHeaders when there are many or a head spans several executes;
  // after the body, kOnHeaders brings the trailers.
  let pendingFields: string[] = [];
  let pendingUrl = '';
  let body: Buffer[] = [];
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientKeepAlive);
  parser[HTTPParser.kOnHeaders] = (fields: string[], url: string) => {
    pendingFields.push(...fields);
    pendingUrl += url;
  };
  parser[HTTPParser.kOnHeadersComplete] = (
    versionMajor: number,
    versionMinor: number,
    fields: string[] | undefined,
    method: number,
    url: string | undefined,
    _statusCode: unknown,
    _statusMessage: unknown,
    _upgrade: boolean,
    keepAlive: boolean,
  ) => {
    current = {
      method: methods[method] ?? '',
      url: url || pendingUrl,
      version: `${versionMajor}.${versionMinor}`,
      headers: fields ?? pendingFields,
      trailers: [],
      body: '',
      keepAlive,
    };
    pendingFields = [];
    pendingUrl = '';
    body = [];
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Buffer) => body.push(Buffer.from(chunk));
  parser[HTTPParser.kOnMessageComplete] = () => {
    if (!current) return;
    current.trailers = pendingFields;
    pendingFields = [];
    pendingUrl = ''; // node:http resets it here too: kOnHeaders repeats the url with the trailers
    current.body = Buffer.concat(body).toString('latin1');
    messages.push(current);
  };
  const result = parser.execute(input);
  if (result instanceof Error) return { messages, error: result.code };
  // After an upgrade (Upgrade with Connection: upgrade, or CONNECT), llhttp stops: the rest
  // belongs to the new protocol.
  if (result < input.length)
    return { messages, error: `upgraded, ${input.length - result} bytes left unparsed` };
  return { messages };
}

/** Two outcomes agree when both refuse after the same messages, or both accept the same ones. */
function agree(ours: Outcome, theirs: Outcome): boolean {
  return (
    (ours.error === undefined) === (theirs.error === undefined) &&
    JSON.stringify(ours.messages) === JSON.stringify(theirs.messages)
  );
}

function summary(outcome: Outcome): string {
  const messages = outcome.messages.map((m) =>
    JSON.stringify({ ...m, body: m.body.length > 60 ? `${m.body.slice(0, 60)}...` : m.body }),
  );
  return `${messages.length} message(s)${messages.map((m) => `\n      ${m}`).join('')}${
    outcome.error ? `\n      then refused: ${outcome.error}` : '\n      no error'
  }`;
}

describe('our parser against llhttp', () => {
  it('has a corpus of at least 150 requests with unique names', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
    expect(new Set(corpus.map((entry) => entry.name)).size).toBe(corpus.length);
    for (const name of Object.keys(DIFFERENCES)) {
      expect(
        corpus.some((entry) => entry.name === name),
        `DIFFERENCES names "${name}"`,
      ).toBe(true);
    }
  });

  it('agrees on every request, except the declared differences', () => {
    const problems: string[] = [];
    let agreements = 0;
    for (const entry of corpus) {
      const input = Buffer.from(entry.request, 'latin1');
      const ours = parseWithOurs(input);
      const theirs = parseWithLlhttp(input);
      const same = agree(ours, theirs);
      const declared = entry.name in DIFFERENCES;
      if (same) agreements++;
      if (same === declared) {
        problems.push(
          `${same ? 'declared difference no longer differs' : 'undeclared difference'}: ${entry.name}\n` +
            `    request: ${JSON.stringify(entry.request.length > 300 ? `${entry.request.slice(0, 300)}...` : entry.request)}\n` +
            `    ours:   ${summary(ours)}\n    llhttp: ${summary(theirs)}`,
        );
      }
    }
    console.log(
      `llhttp differential: ${corpus.length} requests, ${agreements} agree, ` +
        `${Object.keys(DIFFERENCES).length} declared differences`,
    );
    expect(problems, problems.join('\n\n')).toEqual([]);
  });
});
