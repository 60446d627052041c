// What the hostile servers share: a correct chapter-2 answer, so that each one is broken in one
// way only (the way its file says), and the line that says it is listening.
import net from 'node:net';

const page = Buffer.from('<!doctype html><title>Hello</title><h1>Hello, World! Grüße</h1>\n');

/** Reads a request head, answers it as chapter 2 asks, and closes. */
export function answer(socket) {
  let head = '';
  socket.on('data', (chunk) => {
    head += chunk.toString('latin1');
    if (!/\r?\n\r?\n/.test(head)) return;
    socket.end(
      Buffer.concat([
        Buffer.from(
          [
            'HTTP/1.1 200 OK',
            'Content-Type: text/html; charset=utf-8',
            `Content-Length: ${page.length}`,
            `Date: ${new Date().toUTCString()}`,
            'Connection: close',
            '',
            '',
          ].join('\r\n'),
        ),
        page,
      ]),
    );
  });
  socket.on('error', () => {});
}

/** A server that answers every connection with answer(), listening on `port` (default: $PORT). */
export function listen(port = Number(process.env.PORT), onConnection = answer) {
  return new Promise((resolve) => {
    const server = net.createServer(onConnection);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export function sayListening(port) {
  console.log(`Listening on http://127.0.0.1:${port}`);
}
