// Chapter 1: an echo server. Every byte a client sends comes straight back.
// No HTTP yet: just a listening socket, connections, and bytes in both directions.
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

// #region connection
const openSockets = new Set<net.Socket>();

// allowHalfOpen: when the client says "I have finished sending" (it half-closes), we may still
// have bytes to send back. We end our side ourselves, once everything is written.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  const client = `${socket.remoteAddress}:${socket.remotePort}`;
  console.log(`Connected: ${client}`);
  openSockets.add(socket);

  socket.on('data', (chunk) => {
    // write() returns false when the socket's send buffer is full: the client is reading more
    // slowly than it sends. We stop reading until the buffer drains, so that memory stays flat
    // however much the client sends. (This is what Python's blocking sendall() does for free.)
    const sentAtOnce = socket.write(chunk);
    if (!sentAtOnce) {
      socket.pause();
      socket.once('drain', () => socket.resume());
    }
  });
  // The client half-closed: send what is left, then close our side too.
  socket.on('end', () => socket.end());
  // A reset or a broken pipe is the client's business; log it and carry on serving the others.
  socket.on('error', (error) => console.log(`Error from ${client}: ${error.message}`));
  socket.on('close', () => {
    openSockets.delete(socket);
    console.log(`Disconnected: ${client}`);
  });
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
  console.log(`Listening on tcp://${host}:${port}`);
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
