// Chapter 2: our first HTTP server. Read a request head, answer "Hello, World!", close.
// Still nothing but a TCP socket: HTTP/1.1 is text we read and write ourselves.
import net from 'node:net';

// #region config
const HOST = process.env.HOST ?? '127.0.0.1';
const PORT = portFromEnvironment();

function portFromEnvironment(): number {
  const text = process.env.PORT ?? '8080';
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a number from 0 to 65535, not "${text}".`);
    process.exit(1);
  }
  return port;
}
// #endregion config

// A client that sends more than this without finishing its head is cut off: we never hold more
// than 16 KiB of someone's unfinished request in memory.
const MAX_HEAD_BYTES = 16 * 1024;

// #region page
// Non-ASCII on purpose: Content-Length counts bytes, and "é" is two of them in UTF-8.
const page = `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8"><title>Hello, World!</title></head>
  <body>
    <h1>Hello, World!</h1>
    <p>Served by a server that speaks HTTP by hand. Ça marche — 👋</p>
  </body>
</html>
`;
// #endregion page

// #region head-end
/**
 * Where the request head ends: just after the first empty line. HTTP says lines end with CRLF,
 * so the head ends with CRLF CRLF; someone typing in nc sends bare LF, so LF LF ends it too.
 * Returns -1 while the head is not complete yet.
 */
function endOfHead(received: Buffer): number {
  const crlf = received.indexOf('\r\n\r\n');
  if (crlf !== -1) return crlf + 4;
  const lf = received.indexOf('\n\n');
  return lf === -1 ? -1 : lf + 2;
}
// #endregion head-end

// #region response
function helloResponse(): Buffer {
  const body = Buffer.from(page, 'utf8');
  const head = [
    'HTTP/1.1 200 OK',
    'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${body.length}`, // bytes, not characters
    `Date: ${new Date().toUTCString()}`,
    'Connection: close', // one request per connection: we close after answering
    '', // the empty line that ends the head
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
// #endregion response

// #region connection
const openSockets = new Set<net.Socket>();

// allowHalfOpen: a client may send its request and then close its sending side (printf ... | nc
// does). Node would then close ours at once, before the answer is written; we close it ourselves.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  const client = `${socket.remoteAddress}:${socket.remotePort}`;
  openSockets.add(socket);
  // TCP is a stream, not a series of messages: one request can arrive in many pieces (or one
  // byte at a time), so we collect bytes until the head is complete. Python's recv(1024) assumes
  // it arrives in one piece; that is the bug this loop fixes.
  let received = Buffer.alloc(0);
  let answered = false;

  socket.on('data', (chunk) => {
    if (answered) return; // anything after the head (a body, a second request) is ignored
    received = Buffer.concat([received, chunk]);
    const headLength = endOfHead(received);
    if (headLength === -1) {
      if (received.length > MAX_HEAD_BYTES) {
        console.log(
          `${client} sent over ${MAX_HEAD_BYTES} bytes without ending its head; closing.`,
        );
        socket.destroy();
      }
      return;
    }
    answered = true;
    console.log(`Request from ${client}:\n${received.subarray(0, headLength).toString('latin1')}`);
    // end() sends the response, then closes our side once it is all written.
    socket.end(helloResponse());
  });
  socket.on('end', () => {
    if (!answered) socket.end(); // it stopped sending before its head was complete: nothing to answer
  });
  socket.on('error', (error) => console.log(`Error from ${client}: ${error.message}`));
  socket.on('close', () => openSockets.delete(socket));
});
// #endregion connection

// #region listen
server.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EADDRINUSE') {
    console.error(
      `Port ${PORT} is already in use. Stop the other server, or pick another port: PORT=0 npm start`,
    );
  } else {
    console.error(`Cannot listen on ${HOST}:${PORT}: ${error.message}`);
  }
  process.exit(1);
});

server.listen(PORT, HOST, () => {
  const { port } = server.address() as net.AddressInfo;
  const host = HOST.includes(':') ? `[${HOST}]` : HOST; // an IPv6 address goes in brackets
  console.log(`Listening on http://${host}:${port}`);
});
// #endregion listen

// #region shutdown
// Ctrl-C (SIGINT) or SIGTERM: stop accepting, drop the open connections, exit 0.
function shutdown(): void {
  server.close(() => process.exit(0));
  for (const socket of openSockets) socket.destroy();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// #endregion shutdown
