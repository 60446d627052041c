// The baselines of chapter 8's bench: what a Node user would pick to serve a folder, started with
// the same launcher and the same PORT=0 / Listening-line contract as the course's server.
//   static-baseline-server.ts <folder> stream        node:http piping fs.createReadStream
//   static-baseline-server.ts <folder> serve-static  serve-static (send): express.static's engine
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http from 'node:http';
import { join, normalize } from 'node:path';
import serveStatic from 'serve-static';
import { serveBaseline } from './serve-baseline.ts';

const [folder, kind] = process.argv.slice(2);
if (!folder || (kind !== 'stream' && kind !== 'serve-static')) {
  console.error('usage: static-baseline-server.ts <folder> stream|serve-static');
  process.exit(1);
}

/** node:http and a read stream piped into the response: Content-Length from stat, no more. */
async function streamFile(request: http.IncomingMessage, response: http.ServerResponse) {
  const file = join(folder as string, normalize(decodeURIComponent(request.url ?? '/')));
  try {
    const info = await stat(file);
    response.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': info.size,
    });
    createReadStream(file).pipe(response);
  } catch {
    response.writeHead(404, { 'Content-Length': 0 }).end();
  }
}

const serveFolder = serveStatic(folder);
const server = http.createServer((request, response) => {
  if (kind === 'stream') return void streamFile(request, response);
  serveFolder(request, response, () => response.writeHead(404, { 'Content-Length': 0 }).end());
});

serveBaseline(server);
