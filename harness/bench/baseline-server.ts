// The baseline for `npm run bench`: Node's own node:http serving the same file, with the same
// headers, reading it from disk on every request and writing one access-log line, as the course's
// server does. Started with the same launcher and the same PORT=0 / Listening-line contract.
import { readFile } from 'node:fs/promises';
import http from 'node:http';

const file = process.argv[2];
if (!file) {
  console.error('usage: baseline-server.ts <file to serve>');
  process.exit(1);
}

const server = http.createServer(async (request, response) => {
  const body = await readFile(file);
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    Date: new Date().toUTCString(),
    Connection: 'close',
  });
  response.end(body);
  console.log(
    `${request.socket.remoteAddress} - - [${new Date().toISOString()}] "${request.method} ${request.url} HTTP/${request.httpVersion}" 200 ${body.length}`,
  );
});

server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(
    `Listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  );
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
