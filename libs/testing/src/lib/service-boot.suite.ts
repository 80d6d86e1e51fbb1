/// <reference types="jest" />
import { testInfrastructure } from './infrastructure';
import { startDisposablePostgres, type DisposableService } from './disposable';
import { removeNatsStreams } from './nats-streams';
import { ServiceProcess } from './service-process';
import { uniquePrefix } from './unique-prefix';

/** What the boot suite needs to know about one app. */
export interface ServiceBootSpec {
  /** App folder under apps/, e.g. `crm`. */
  app: string;
  /** Dependencies its readiness must report (postgres and nats always; redis where used). */
  dependencies: string[];
}

/**
 * The platform's promises for one built app, as a Jest suite (issue: backbone tests 8 and 9):
 * it boots against its own disposable PostgreSQL (migrating on boot) and the shared NATS/Redis,
 * answers `/health/live`, `/health/ready` (200, naming each dependency) and `/metrics`; turns
 * `/health/ready` 503 when PostgreSQL goes away and 200 when it returns; exits 0 on SIGTERM
 * within 10 s; and refuses to boot with a bad variable, in one line naming it.
 */
export function describeServiceBoot(spec: ServiceBootSpec): void {
  describe(`${spec.app} process`, () => {
    let postgres: DisposableService;
    let proc: ServiceProcess;
    let env: Record<string, string>;
    const prefix = uniquePrefix();
    let natsUrl: string;

    beforeAll(async () => {
      const infra = await testInfrastructure();
      natsUrl = infra.natsUrl;
      postgres = await startDisposablePostgres();
      env = {
        DATABASE_URL: postgres.url,
        NATS_URL: infra.natsUrl,
        REDIS_URL: infra.redisUrl,
        EVENT_SUBJECT_PREFIX: prefix,
        MIGRATE_ON_BOOT: 'true',
        LOG_LEVEL: 'warn',
        NODE_ENV: 'test',
      };
      proc = await ServiceProcess.spawn(spec.app, env);
      await proc.waitForStatus(200);
    }, 90_000);

    afterAll(async () => {
      await proc?.dispose();
      await postgres?.dispose();
      if (natsUrl) await removeNatsStreams(natsUrl, prefix);
    });

    it('is live, ready with every dependency up, and exposes Prometheus metrics', async () => {
      expect((await proc.get('/health/live')).status).toBe(200);
      const ready = await proc.get('/health/ready');
      expect(ready.status).toBe(200);
      const details = (ready.body as { details: Record<string, { status: string }> }).details;
      expect(Object.keys(details).sort()).toEqual([...spec.dependencies].sort());
      for (const dependency of spec.dependencies) expect(details[dependency].status).toBe('up');
      const metrics = await proc.get('/metrics');
      expect(metrics.status).toBe(200);
      expect(metrics.text).toContain('process_cpu_user_seconds_total');
      expect(metrics.text).toContain(`service="${spec.app}"`);
    });

    it('answers /health/ready 503 while PostgreSQL is away, and 200 once it is back', async () => {
      await postgres.stop();
      await proc.waitForStatus(503, '/health/ready', 20_000);
      const down = await proc.get('/health/ready');
      const details = (down.body as { details: Record<string, { status: string }> }).details;
      expect(details['postgres'].status).toBe('down');
      expect((await proc.get('/health/live')).status).toBe(200);
      await postgres.start();
      await proc.waitForStatus(200, '/health/ready', 30_000);
    }, 60_000);

    it('shuts down gracefully on SIGTERM: exit code 0 within 10 s', async () => {
      const started = Date.now();
      proc.kill('SIGTERM');
      expect(await proc.exited()).toBe(0);
      expect(Date.now() - started).toBeLessThan(10_000);
    }, 15_000);

    it('refuses to boot with a malformed variable, naming it in one line', async () => {
      const bad = await ServiceProcess.spawn(spec.app, { ...env, PORT: 'eighty' });
      expect(await bad.exited()).toBe(1);
      const lines = bad.stderr.join('').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`^${spec.app}: .*PORT`));
    });

    it('refuses to boot in production without a secret, naming it', async () => {
      const { DATABASE_URL: _omitted, ...rest } = env;
      const bad = await ServiceProcess.spawn(spec.app, { ...rest, NODE_ENV: 'production' });
      expect(await bad.exited()).toBe(1);
      expect(bad.stderr.join('')).toContain('DATABASE_URL');
    });
  });
}
