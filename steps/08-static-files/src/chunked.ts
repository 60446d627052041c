// Chapter 8: sending a body whose length we do not know in advance. A compressed file's size is
// known only once it has all been compressed; rather than compress it all into memory first, we
// send it as it comes, in chunks, each saying how long it is. It is the mirror of chapter 6's
// parser, which reads chunked request bodies.
//
// Contract: chunkedEncoder() is a stream: bytes in, the chunked framing of those bytes out, and
// the last chunk when the input ends. The response head says `Transfer-Encoding: chunked` and has
// no Content-Length (RFC 9112 6.2: a sender MUST NOT send both).
//
// RFC 9112 7.1:
//   chunked-body   = *chunk last-chunk trailer-section CRLF
//   chunk          = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
//   chunk-size     = 1*HEXDIG
//   last-chunk     = 1*("0") [ chunk-ext ] CRLF
// So "hello" is "5\r\nhello\r\n", and the body ends with "0\r\n\r\n" (the last chunk, no
// trailers, the empty line). Without that end, a client on a kept connection waits forever.
import { Transform } from 'node:stream';

// #region chunked
const CRLF = Buffer.from('\r\n');
const LAST_CHUNK = Buffer.from('0\r\n\r\n');

export function chunkedEncoder(): Transform {
  return new Transform({
    transform(data: Buffer, _encoding, done) {
      // A zero-length chunk would be read as the last one: an empty write sends nothing.
      if (data.length === 0) return done();
      done(null, Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, CRLF]));
    },
    flush(done) {
      done(null, LAST_CHUNK);
    },
  });
}
// #endregion chunked
