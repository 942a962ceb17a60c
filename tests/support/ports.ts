// Loopback ports for tests that need "nothing listens here" (an unreachable registry or index).
import { createServer } from 'node:net';

/** A 127.0.0.1 port that was free a moment ago: bound by the OS, then closed again. */
export function closedLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
