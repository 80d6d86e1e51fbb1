import { buildContainer, containerUrl } from './containers';
import { dockerAvailable } from './docker';
import { pingNats, pingPostgres, pingRedis } from './probes';
import { waitFor } from './wait-for';
import { workerRegistry } from './worker-registry';

/** Where the shared test dependencies of this worker live. */
export interface TestInfrastructure {
  /** Admin connection (database `postgres`); use {@link createTestDatabase} for a private one. */
  databaseUrl: string;
  natsUrl: string;
  redisUrl: string;
}

/** Local defaults when no Docker engine is reachable (see ARCHITECTURE.md, Tests). */
export const LOCAL_DEFAULTS: TestInfrastructure = {
  databaseUrl: 'postgres://postgres@127.0.0.1:5432/postgres',
  natsUrl: 'nats://127.0.0.1:4222',
  redisUrl: 'redis://127.0.0.1:6379',
};

async function startContainers(): Promise<TestInfrastructure> {
  // Containers are reaped by Testcontainers' Ryuk sidecar when the worker process exits.
  const [postgres, nats, redis] = await Promise.all([
    buildContainer('postgres').then((c) => c.start()),
    buildContainer('nats').then((c) => c.start()),
    buildContainer('redis').then((c) => c.start()),
  ]);
  const infra: TestInfrastructure = {
    databaseUrl: containerUrl('postgres', postgres),
    natsUrl: containerUrl('nats', nats),
    redisUrl: containerUrl('redis', redis),
  };
  await Promise.all([
    waitFor(() => pingPostgres(infra.databaseUrl), {
      timeoutMs: 30_000,
      what: 'PostgreSQL container',
    }),
    waitFor(() => pingNats(infra.natsUrl), { timeoutMs: 30_000, what: 'NATS container' }),
    waitFor(() => pingRedis(infra.redisUrl), { timeoutMs: 30_000, what: 'Redis container' }),
  ]);
  return infra;
}

function fromEnvironment(): TestInfrastructure {
  return {
    databaseUrl: process.env['DATABASE_URL'] || LOCAL_DEFAULTS.databaseUrl,
    natsUrl: process.env['NATS_URL'] || LOCAL_DEFAULTS.natsUrl,
    redisUrl: process.env['REDIS_URL'] || LOCAL_DEFAULTS.redisUrl,
  };
}

/**
 * PostgreSQL, NATS JetStream and Redis for integration tests. With a Docker engine: postgres:17,
 * nats:2.12 (`-js`) and redis:7 containers, started once per Jest worker and shared by its test
 * files. Without: `DATABASE_URL`, `NATS_URL`, `REDIS_URL` or the local defaults. Isolate each test
 * file with {@link createTestDatabase} and {@link uniquePrefix}.
 */
export function testInfrastructure(): Promise<TestInfrastructure> {
  const registry = workerRegistry();
  const key = 'test-infrastructure';
  let pending = registry.get(key) as Promise<TestInfrastructure> | undefined;
  if (!pending) {
    const started = (async () =>
      (await dockerAvailable()) ? startContainers() : fromEnvironment())();
    // Do not cache a failed start: the next test file may try again.
    started.catch(() => {
      if (registry.get(key) === started) registry.delete(key);
    });
    registry.set(key, started);
    pending = started;
  }
  return pending;
}
