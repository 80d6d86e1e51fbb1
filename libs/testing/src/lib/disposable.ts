import { execFile } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { StartedTestContainer } from 'testcontainers';
import { ServiceKind, buildContainer, serviceUrl } from './containers';
import { dockerAvailable } from './docker';
import { freePort } from './free-port';
import { pingNats, pingPostgres, pingRedis, tcpAccepts } from './probes';
import { ProcessSpec, SupervisedProcess } from './supervisor';
import { describeError, waitFor } from './wait-for';

const run = promisify(execFile);

/**
 * A private server a test may crash and revive (never the shared ones). A container when Docker is
 * reachable, otherwise a local process on a free port whose data lives in a temporary directory.
 */
export interface DisposableService {
  /** Connection URL, stable across stop()/start(). */
  url: string;
  /** Host port, stable across stop()/start(). */
  port: number;
  /** Kills the server abruptly (no graceful shutdown), keeping its data. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data; resolves once it answers. */
  start(): Promise<void>;
  /** Kills the server and deletes its data; the handle is unusable afterwards. */
  dispose(): Promise<void>;
}

/** Options shared by the `startDisposable*` functions. */
export interface DisposableOptions {
  /** Readiness deadline of each start in milliseconds (default 30 000). */
  startupTimeoutMs?: number;
}

/** Options of {@link startDisposableRedis}. */
export interface DisposableRedisOptions extends DisposableOptions {
  /**
   * Persist with an append-only file (`--appendonly yes --appendfsync always`) so keys survive
   * stop()/start(), as in production. Default false: `--save '' --appendonly no`.
   */
  appendOnly?: boolean;
}

const PROBES: Record<ServiceKind, (url: string) => Promise<true>> = {
  postgres: pingPostgres,
  nats: pingNats,
  redis: pingRedis,
};

const LABELS: Record<ServiceKind, string> = {
  postgres: 'PostgreSQL',
  nats: 'nats-server',
  redis: 'redis-server',
};

/** Starts a private nats-server with JetStream (file store). */
export function startDisposableNats(options: DisposableOptions = {}): Promise<DisposableService> {
  return startDisposable('nats', options);
}

/** Starts a private redis-server (no persistence unless `appendOnly`). */
export function startDisposableRedis(
  options: DisposableRedisOptions = {},
): Promise<DisposableService> {
  return startDisposable('redis', options);
}

/** Starts a private PostgreSQL server (user `postgres`, trust auth, database `postgres`). */
export function startDisposablePostgres(
  options: DisposableOptions = {},
): Promise<DisposableService> {
  return startDisposable('postgres', options);
}

async function startDisposable(
  kind: ServiceKind,
  options: DisposableRedisOptions,
): Promise<DisposableService> {
  const timeoutMs = options.startupTimeoutMs ?? 30_000;
  return (await dockerAvailable())
    ? startContainerService(kind, options, timeoutMs)
    : startLocalService(kind, options, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// Local processes
// ---------------------------------------------------------------------------------------------

interface LocalPlan {
  spec: Omit<ProcessSpec, 'logFile' | 'cleanupDir' | 'name'>;
}

async function startLocalService(
  kind: ServiceKind,
  options: DisposableRedisOptions,
  timeoutMs: number,
): Promise<DisposableService> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), `sf-${kind}-`));
  const url = serviceUrl(kind, '127.0.0.1', port);
  const label = `disposable ${LABELS[kind]} on 127.0.0.1:${port}`;
  let supervised: SupervisedProcess | undefined;
  try {
    const plan = await planLocal(kind, dir, port, options);
    supervised = SupervisedProcess.launch({
      ...plan.spec,
      name: label,
      cleanupDir: dir,
      logFile: join(dir, 'server.log'),
    });
    const proc = supervised;
    let disposed = false;
    const start = async (): Promise<void> => {
      if (disposed) throw new Error(`${label} was disposed`);
      if (proc.running) return;
      await proc.start();
      await waitUntilReady(proc, kind, url, label, timeoutMs);
    };
    await start();
    return {
      url,
      port,
      start,
      stop: async () => {
        if (disposed) throw new Error(`${label} was disposed`);
        await proc.kill();
        await waitFor(async () => !(await tcpAccepts('127.0.0.1', port)), {
          timeoutMs: 10_000,
          what: `${label} to stop listening`,
        });
      },
      dispose: async () => {
        if (disposed) return;
        disposed = true;
        await proc.dispose();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    if (supervised) await supervised.dispose().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function waitUntilReady(
  proc: SupervisedProcess,
  kind: ServiceKind,
  url: string,
  label: string,
  timeoutMs: number,
): Promise<void> {
  const started = Date.now();
  let lastError: unknown;
  for (;;) {
    if (!proc.running) {
      throw new Error(
        `${label} exited during startup (${proc.exitDescription ?? 'unknown'}). Log:\n${proc.logTail()}`,
      );
    }
    try {
      await PROBES[kind](url);
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      await proc.kill().catch(() => undefined);
      throw new Error(
        `Timed out after ${timeoutMs}ms waiting for ${label} to accept connections ` +
          `(last error: ${describeError(lastError)}). Log:\n${proc.logTail()}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function planLocal(
  kind: ServiceKind,
  dir: string,
  port: number,
  options: DisposableRedisOptions,
): Promise<LocalPlan> {
  switch (kind) {
    case 'nats':
      return {
        spec: {
          command: process.env['NATS_SERVER_BIN'] || 'nats-server',
          args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', join(dir, 'jetstream')],
          cwd: dir,
          killSignal: 'SIGKILL',
        },
      };
    case 'redis':
      return {
        spec: {
          command: process.env['REDIS_SERVER_BIN'] || 'redis-server',
          args: [
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            options.appendOnly ? 'yes' : 'no',
            ...(options.appendOnly ? ['--appendfsync', 'always'] : []),
            '--dir',
            dir,
          ],
          cwd: dir,
          killSignal: 'SIGKILL',
        },
      };
    case 'postgres':
      return planLocalPostgres(dir, port);
  }
}

/** Directory holding initdb/postgres: `PG_BIN`, else the newest /usr/lib/postgresql/<n>/bin. */
function postgresBinDir(): string | undefined {
  if (process.env['PG_BIN']) return process.env['PG_BIN'];
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error(
      `Running as root, a disposable PostgreSQL needs the OS user '${name}' (initdb refuses root)`,
    );
  }
}

async function planLocalPostgres(dir: string, port: number): Promise<LocalPlan> {
  const binDir = postgresBinDir();
  const bin = (name: string): string => (binDir ? join(binDir, name) : name);
  const dataDir = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? await osUser('postgres') : undefined;
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chmodSync(dir, 0o700);
  }
  mkdirSync(dataDir, { mode: 0o700 });
  if (owner) chownSync(dataDir, owner.uid, owner.gid);
  const initdb = [bin('initdb'), '-D', dataDir, '-A', 'trust', '-U', 'postgres'];
  initdb.push('-E', 'UTF8', '--locale=C', '--no-sync');
  try {
    // initdb refuses to run as root: run it as the postgres OS user.
    await (owner
      ? run('runuser', ['-u', 'postgres', '--', ...initdb], { cwd: dir })
      : run(initdb[0] as string, initdb.slice(1), { cwd: dir }));
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr || describeError(error);
    throw new Error(`initdb failed for a disposable PostgreSQL: ${detail}`);
  }
  return {
    spec: {
      // postgres runs in the foreground as a direct child (uid/gid of the postgres user), so the
      // supervisor can signal it; runuser would put a watching parent in between.
      command: bin('postgres'),
      args: [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'fsync=off',
      ],
      cwd: dir,
      uid: owner?.uid,
      gid: owner?.gid,
      // SIGQUIT = `pg_ctl -m immediate stop`: no checkpoint, crash recovery on the next start.
      killSignal: 'SIGQUIT',
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Containers
// ---------------------------------------------------------------------------------------------

async function startContainerService(
  kind: ServiceKind,
  options: DisposableRedisOptions,
  timeoutMs: number,
): Promise<DisposableService> {
  const { getContainerRuntimeClient } = await import('testcontainers');
  const port = await freePort();
  // A fixed host port keeps the URL valid after the container is killed and started again.
  const container: StartedTestContainer = await (
    await buildContainer(kind, { hostPort: port, appendOnly: options.appendOnly })
  ).start();
  const host = container.getHost();
  const url = serviceUrl(kind, host, port);
  const label = `disposable ${LABELS[kind]} container ${container.getId().slice(0, 12)}`;
  const client = await getContainerRuntimeClient();
  const handle = client.container.getById(container.getId());
  let disposed = false;
  let running = true;
  const ready = (): Promise<true> =>
    waitFor(() => PROBES[kind](url), { timeoutMs, what: `${label} to accept connections` });
  await ready();
  return {
    url,
    port,
    stop: async () => {
      if (disposed) throw new Error(`${label} was disposed`);
      if (!running) return;
      await handle.kill();
      running = false;
      await waitFor(async () => !(await tcpAccepts(host, port)), {
        timeoutMs: 10_000,
        what: `${label} to stop listening`,
      });
    },
    start: async () => {
      if (disposed) throw new Error(`${label} was disposed`);
      if (running) return;
      await client.container.start(handle);
      running = true;
      await ready();
    },
    dispose: async () => {
      if (disposed) return;
      disposed = true;
      await container.stop({ remove: true, removeVolumes: true, timeout: 0 }).catch(async () => {
        await client.container.remove(handle, { removeVolumes: true }).catch(() => undefined);
      });
    },
  };
}
