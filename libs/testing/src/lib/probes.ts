import { Socket, connect as tcpConnect } from 'node:net';
import { connect as natsConnect } from 'nats';
import { Client } from 'pg';

const ATTEMPT_TIMEOUT_MS = 2_000;

/** Runs `SELECT 1` over a fresh connection; throws when PostgreSQL does not answer. */
export async function pingPostgres(url: string): Promise<true> {
  const client = new Client({
    connectionString: url,
    connectionTimeoutMillis: ATTEMPT_TIMEOUT_MS,
    query_timeout: ATTEMPT_TIMEOUT_MS,
  });
  // A connection that dies under us (e.g. server killed) must not become an unhandled 'error'.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Connects to NATS and asks JetStream for the account info; throws unless JetStream answers. */
export async function pingNats(url: string): Promise<true> {
  const nc = await natsConnect({
    servers: url,
    reconnect: false,
    timeout: ATTEMPT_TIMEOUT_MS,
    maxReconnectAttempts: 0,
  });
  try {
    const jsm = await nc.jetstreamManager({ timeout: ATTEMPT_TIMEOUT_MS });
    await jsm.getAccountInfo();
    return true;
  } finally {
    await nc.close().catch(() => undefined);
  }
}

/** Sends `PING` over RESP and expects `+PONG`; a loading or busy Redis counts as not ready. */
export function pingRedis(url: string): Promise<true> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket: Socket = tcpConnect({
      host: hostname || '127.0.0.1',
      port: Number(port || 6379),
    });
    const fail = (error: Error): void => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(ATTEMPT_TIMEOUT_MS, () =>
      fail(new Error(`Redis at ${url} did not answer PING`)),
    );
    socket.once('error', fail);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString('utf8');
      if (!answer.includes('\r\n')) return;
      socket.destroy();
      if (answer.startsWith('+PONG')) {
        resolve(true);
      } else {
        reject(new Error(`Redis at ${url} answered ${JSON.stringify(answer.trim())}`));
      }
    });
    socket.once('end', () => fail(new Error(`Redis at ${url} closed the connection`)));
  });
}

/** Resolves true when something accepts TCP connections on host:port, false otherwise. */
export function tcpAccepts(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host, port });
    const done = (result: boolean): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
