// How every node:http baseline of the bench starts and stops, as a course step does: on $PORT
// (0: a free one), with the Listening line the launcher reads, and an exit 0 on SIGTERM.
import type http from 'node:http';

export function serveBaseline(server: http.Server): void {
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(
      `Listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    );
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeAllConnections(); // kept connections would hold close() open
  });
}
