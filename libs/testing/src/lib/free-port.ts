import { createServer } from 'node:net';
import { workerSingleton } from './worker-registry';

/** Ports this worker already handed out, so two callers never get the same one. */
const handedOut = (): Set<number> => workerSingleton('free-ports', () => new Set<number>());

function askKernel(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('Could not determine a free TCP port'));
        }
      });
    });
  });
}

/** A TCP port on 127.0.0.1 that is free right now and not yet handed out by this worker. */
export async function freePort(): Promise<number> {
  const used = handedOut();
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await askKernel();
    if (!used.has(port)) {
      used.add(port);
      return port;
    }
  }
  throw new Error('Could not find a free TCP port after 20 attempts');
}
