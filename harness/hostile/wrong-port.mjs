// Wrong about its port. "fixed": reads PORT as `Number(process.env.PORT) || 8080` does, so that
// PORT=0 means its fixed port (FIXED_PORT here, for the test), and says so truthfully. "claims":
// listens on $PORT but prints CLAIMED_PORT, where nothing listens, or another program does.
import { listen, sayListening } from './server.mjs';

const mode = process.argv[2];
const port = Number(process.env.PORT);
const server = await listen(mode === 'fixed' ? port || Number(process.env.FIXED_PORT) : port);
sayListening(mode === 'claims' ? process.env.CLAIMED_PORT : server.address().port);
