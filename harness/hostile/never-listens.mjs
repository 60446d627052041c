// Never prints its Listening line: it prints a lot about starting up (more than a report holds,
// and less than a pipe holds, so that all of it is there at once), then waits forever. With "listen", it does listen on $PORT, but still says nothing.
import { listen } from './server.mjs';

console.log('starting up: reading the configuration');
for (let i = 1; i <= 600; i++) console.log(`loading module ${i} of 600 ${'.'.repeat(60)}`);
console.log('still starting...');
if (process.argv[2] === 'listen') await listen();
setInterval(() => {}, 60_000); // and never says it is ready
