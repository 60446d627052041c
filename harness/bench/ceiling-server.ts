// The ceiling for `npm run bench`: a raw node:net server that does no HTTP at all. It counts the
// request heads in what arrives (each ends with an empty line) and writes the same canned answer
// for each, on kept connections: no parsing, no file, no log. No HTTP server on this machine can
// beat it; how close one comes says how much of its time is HTTP, and how much is Node and TCP.
import net from 'node:net';

const body = Buffer.from('x'.repeat(1200));
const answer = Buffer.concat([
  Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`,
  ),
  body,
]);
const END_OF_HEAD = '\r\n\r\n';

const server = net.createServer((socket) => {
  let tail = ''; // the end of the last chunk, in case an empty line is split between two
  socket.on('data', (chunk) => {
    const text = tail + chunk.toString('latin1');
    let heads = 0;
    for (let at = text.indexOf(END_OF_HEAD); at !== -1; at = text.indexOf(END_OF_HEAD, at + 4)) {
      heads++;
    }
    tail = text.slice(-3);
    for (let i = 0; i < heads; i++) socket.write(answer);
  });
  socket.on('error', () => socket.destroy());
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  console.log(`Listening on http://127.0.0.1:${address.port}`);
});
process.on('SIGTERM', () => process.exit(0));
