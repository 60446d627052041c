// The baseline for `npm run bench`: Node's own node:http serving the same file, with the same
// headers, reading it from disk on every request and writing one access-log line, as the course's
// server does. Started with the same launcher and the same PORT=0 / Listening-line contract.
//   baseline-server.ts <file> close       every answer says Connection: close (step 06's way)
//   baseline-server.ts <file> keep-alive  node:http's defaults: kept connections (step 07's way)
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { serveBaseline } from './serve-baseline.ts';

const [file, connection] = process.argv.slice(2);
if (!file || (connection !== 'close' && connection !== 'keep-alive')) {
  console.error('usage: baseline-server.ts <file to serve> close|keep-alive');
  process.exit(1);
}

const server = http.createServer(async (request, response) => {
  const body = await readFile(file);
  response.writeHead(200, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': body.length,
    Date: new Date().toUTCString(),
    // Kept: node:http adds Connection: keep-alive and Keep-Alive: timeout=5 itself.
    ...(connection === 'close' ? { Connection: 'close' } : {}),
  });
  response.end(body);
  console.log(
    `${request.socket.remoteAddress} - - [${new Date().toISOString()}] "${request.method} ${request.url} HTTP/${request.httpVersion}" 200 ${body.length}`,
  );
});

serveBaseline(server);
