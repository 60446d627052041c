// A correct server that will not stop: it answers SIGTERM (and Ctrl-C) with a line, and carries on.
import { listen, sayListening } from './server.mjs';

for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => console.log(`${signal}? no.`));
const server = await listen();
sayListening(server.address().port);
