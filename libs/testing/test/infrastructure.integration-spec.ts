import { connect } from 'nats';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { dockerAvailable, testInfrastructure } from '../src';

describe('testInfrastructure', () => {
  it('answers dockerAvailable quickly and caches the answer', async () => {
    const started = Date.now();
    const first = await dockerAvailable();
    expect(Date.now() - started).toBeLessThan(3_000);
    const again = Date.now();
    expect(await dockerAvailable()).toBe(first);
    expect(Date.now() - again).toBeLessThan(50);
  });

  it('names reachable PostgreSQL, NATS JetStream and Redis servers', async () => {
    const infra = await testInfrastructure();
    expect(await testInfrastructure()).toBe(infra);

    const pg = new Client({ connectionString: infra.databaseUrl });
    await pg.connect();
    try {
      const { rows } = await pg.query<{ one: number }>('SELECT 1 AS one');
      expect(rows[0]?.one).toBe(1);
    } finally {
      await pg.end();
    }

    const nc = await connect({ servers: infra.natsUrl, reconnect: false });
    try {
      const jsm = await nc.jetstreamManager();
      await expect(jsm.getAccountInfo()).resolves.toBeDefined();
    } finally {
      await nc.close();
    }

    const redis = new Redis(infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    try {
      expect(await redis.ping()).toBe('PONG');
    } finally {
      await redis.quit();
    }
  });
});
