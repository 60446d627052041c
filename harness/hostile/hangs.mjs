// Accepts the first connection, reads its request and never answers it; answers every other one.
import { answer, listen, sayListening } from './server.mjs';

let first = true;
const server = await listen(undefined, (socket) => {
  if (!first) return answer(socket);
  first = false;
  socket.on('data', (chunk) => console.log(`read ${chunk.length} bytes; not answering`));
  socket.on('error', () => {});
});
sayListening(server.address().port);
