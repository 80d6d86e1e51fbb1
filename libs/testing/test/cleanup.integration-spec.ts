import { Redis } from 'ioredis';
import { AckPolicy, NatsConnection, connect } from 'nats';
import { removeNatsStreams, removeRedisKeys, testInfrastructure, uniquePrefix } from '../src';

describe('uniquePrefix', () => {
  it('is unique and usable as a NATS stream name and Redis key prefix', () => {
    const prefixes = new Set(Array.from({ length: 1_000 }, () => uniquePrefix()));
    expect(prefixes.size).toBe(1_000);
    for (const prefix of prefixes) expect(prefix).toMatch(/^[a-z][a-z0-9_]{2,15}$/);
  });
});

describe('removeNatsStreams', () => {
  let nc: NatsConnection;
  let natsUrl: string;
  const prefix = uniquePrefix();
  const other = uniquePrefix();

  beforeAll(async () => {
    natsUrl = (await testInfrastructure()).natsUrl;
    nc = await connect({ servers: natsUrl, reconnect: false });
  });

  afterAll(async () => {
    await removeNatsStreams(natsUrl, other);
    await nc.close();
  });

  it('deletes the streams of a prefix in either case and leaves the others', async () => {
    const jsm = await nc.jetstreamManager();
    const upper = `${prefix.toUpperCase()}_CRM`;
    const lower = `${prefix}_projects`;
    const foreign = `${other.toUpperCase()}_CRM`;
    for (const name of [upper, lower, foreign]) {
      await jsm.streams.add({ name, subjects: [`${name.toLowerCase()}.>`] });
    }
    await jsm.consumers.add(upper, {
      durable_name: `${prefix}_consumer`,
      ack_policy: AckPolicy.Explicit,
    });

    const removed = await removeNatsStreams(natsUrl, prefix);

    expect(removed.sort()).toEqual([upper, lower].sort());
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    expect(names).not.toContain(upper);
    expect(names).not.toContain(lower);
    expect(names).toContain(foreign);
  });
});

describe('removeRedisKeys', () => {
  let redis: Redis;
  let redisUrl: string;
  const prefix = uniquePrefix();
  const other = uniquePrefix();

  beforeAll(async () => {
    redisUrl = (await testInfrastructure()).redisUrl;
    redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });

  afterAll(async () => {
    await removeRedisKeys(redisUrl, other);
    await redis.quit();
  });

  it('unlinks every key of the prefix and nothing else', async () => {
    const pipeline = redis.pipeline();
    for (let i = 0; i < 2_500; i++) pipeline.set(`${prefix}:job:${i}`, String(i));
    pipeline.hset(`${prefix}:hash`, 'a', '1');
    pipeline.set(`${other}:keep`, 'yes');
    await pipeline.exec();

    expect(await removeRedisKeys(redisUrl, prefix)).toBe(2_501);

    expect(await redis.exists(`${prefix}:job:0`, `${prefix}:hash`)).toBe(0);
    expect(await redis.get(`${other}:keep`)).toBe('yes');
    expect(await removeRedisKeys(redisUrl, prefix)).toBe(0);
  });
});
