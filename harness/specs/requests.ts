// Small helpers the chapter specs share.
import { expect } from 'vitest';
import type { HttpResponse } from '../src/raw-client.ts';
import { WrongByte } from '../src/report.ts';

/** Asserts the whole head uses CRLF line ends, with no bare LF or CR anywhere. */
export function expectCrlfHead(response: HttpResponse): void {
  const head = response.head.toString('latin1');
  const bareLf = head.search(/(?<!\r)\n/);
  if (bareLf !== -1)
    throw new WrongByte(
      `the response head has a bare \\n (no \\r before it) at byte ${bareLf}: HTTP lines end with \\r\\n`,
      response.head,
      bareLf,
    );
  const bareCr = head.search(/\r(?!\n)/);
  if (bareCr !== -1)
    throw new WrongByte(
      `the response head has a bare \\r at byte ${bareCr}`,
      response.head,
      bareCr,
    );
}

/** Asserts Content-Length is present and equals the number of body bytes that followed the head. */
export function expectExactContentLength(response: HttpResponse, receivedAfterHead: number): void {
  const length = response.header('content-length');
  expect(
    length,
    'the response has no Content-Length header: the client cannot know where the body ends',
  ).toBeDefined();
  expect(
    Number(length),
    `Content-Length says ${length} but ${receivedAfterHead} bytes of body followed the head (Content-Length counts bytes, not characters)`,
  ).toBe(receivedAfterHead);
}

/** The media type of a Content-Type header, without parameters: "text/html; charset=utf-8" → "text/html". */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/** Parses the JSON `what` answered, or fails showing what came instead. */
export function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${what} should answer JSON, not: ${text.slice(0, 200)}\n${error}`);
  }
}

/** An IMF-fixdate (RFC 9110 5.6.7), e.g. "Sun, 06 Nov 1994 08:49:37 GMT". */
export const IMF_FIXDATE =
  /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
