// Chapter 1's starting point: a TCP server that listens and says so, and does nothing else yet.
// Your job (docs/chapters/01-echo-tcp.md): send every byte a client sends back to it, unchanged;
// log each connection; stop cleanly on Ctrl-C; and say clearly when the port is taken.
// Check your work with: npm run exercise -- check
import net from 'node:net';

const PORT = Number(process.env.PORT ?? 8080);
const HOST = process.env.HOST ?? '127.0.0.1';

const server = net.createServer((socket) => {
  // TODO: echo what the client sends. (Right now its bytes go nowhere.)
  socket.on('error', () => {});
});

server.listen(PORT, HOST, () => {
  const address = server.address() as net.AddressInfo;
  console.log(`Listening on tcp://${HOST}:${address.port}`);
});
