import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DisposableService, startDisposableRedis, waitFor } from '../src';

function client(url: string): Redis {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1_000,
  });
  redis.on('error', () => undefined);
  return redis;
}

async function withRedis<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = client(url);
  await redis.connect();
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('startDisposableRedis', () => {
  let redis: DisposableService;

  beforeAll(async () => {
    redis = await startDisposableRedis();
  });

  afterAll(async () => {
    await redis?.dispose();
  });

  it('starts a private server that answers, stops, and starts again on the same port', async () => {
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    expect(await withRedis(redis.url, (r) => r.ping())).toBe('PONG');

    await redis.stop();
    await expect(withRedis(redis.url, (r) => r.ping())).rejects.toThrow();

    await redis.start();
    expect(await withRedis(redis.url, (r) => r.ping())).toBe('PONG');
  });

  it('keeps keys across a crash with appendOnly, then disposes', async () => {
    const durable = await startDisposableRedis({ appendOnly: true });
    try {
      await withRedis(durable.url, (r) => r.set('job:1', 'queued'));
      await durable.stop();
      await durable.start();
      expect(await withRedis(durable.url, (r) => r.get('job:1'))).toBe('queued');
    } finally {
      await durable.dispose();
    }
    await expect(withRedis(durable.url, (r) => r.ping())).rejects.toThrow();
  });

  it('kills the server and deletes its data when the owning process dies', async () => {
    // A separate Node process starts a disposable redis, reports it, and is then SIGKILLed.
    const script = `
      const { startDisposableRedis } = require(${JSON.stringify(join(__dirname, '../src'))});
      const { execFileSync } = require('node:child_process');
      startDisposableRedis().then((r) => {
        const pid = Number(execFileSync('pgrep', ['-f', 'redis-server 127.0.0.1:' + r.port]).toString().trim().split('\\n')[0]);
        const dir = require('node:fs').readlinkSync('/proc/' + pid + '/cwd');
        process.stdout.write(JSON.stringify({ port: r.port, pid, dir }) + '\\n');
      });
      setInterval(() => undefined, 1000);
    `;
    const owner = spawn(process.execPath, ['-r', '@swc-node/register', '-e', script], {
      cwd: join(__dirname, '../../..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    owner.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const info = await waitFor(
      async () =>
        output.includes('\n') ? (JSON.parse(output) as { pid: number; dir: string }) : undefined,
      { timeoutMs: 20_000, what: 'the owner process to start redis' },
    );
    expect(processAlive(info.pid)).toBe(true);
    expect(existsSync(info.dir)).toBe(true);

    owner.kill('SIGKILL');

    await waitFor(async () => !processAlive(info.pid), {
      timeoutMs: 10_000,
      what: `orphaned redis-server ${info.pid} to be killed`,
    });
    await waitFor(async () => !existsSync(info.dir), {
      timeoutMs: 10_000,
      what: `data directory ${info.dir} to be deleted`,
    });
  });
});
