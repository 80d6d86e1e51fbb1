import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');
const read = (path: string): string => readFileSync(join(root, path), 'utf8');

interface Healthcheck {
  test: string[] | string;
}
interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string; args?: Record<string, string> };
  command?: string[] | string;
  environment?: Record<string, string | number | boolean>;
  ports?: string[];
  expose?: string[];
  volumes?: string[];
  healthcheck?: Healthcheck;
  depends_on?: Record<string, { condition: string }>;
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

// Compose resolves YAML merge keys (`<<: *anchor`); so must we.
const compose = parse(read('docker-compose.yml'), { merge: true }) as Compose;
const services = compose.services;

const APPS = { gateway: 3000, crm: 3001, projects: 3002, finance: 3003, notifications: 3004 };
const DEPENDENCIES = ['postgres', 'nats', 'redis', 'mailpit'];

const words = (value: string[] | string | undefined): string =>
  Array.isArray(value) ? value.join(' ') : (value ?? '');

describe('docker-compose.yml', () => {
  it('declares every dependency and every app', () => {
    expect(Object.keys(services).sort()).toEqual([...DEPENDENCIES, ...Object.keys(APPS)].sort());
  });

  it.each([...DEPENDENCIES, ...Object.keys(APPS)])('gives %s a health check', (name) => {
    const test = services[name]?.healthcheck?.test;
    expect(Array.isArray(test) ? test[0] : test).toMatch(/^(CMD|CMD-SHELL)$/);
    expect(words(test).length).toBeGreaterThan(10);
  });

  describe('postgres', () => {
    const pg = services['postgres'] as Service;

    it('runs PostgreSQL 17 with a volume and a pg_isready check', () => {
      expect(pg.image).toBe('postgres:17');
      expect(pg.volumes).toContain('postgres-data:/var/lib/postgresql/data');
      expect(compose.volumes).toHaveProperty('postgres-data');
      expect(words(pg.healthcheck?.test)).toContain('pg_isready');
      expect(pg.environment?.['POSTGRES_PASSWORD']).toBe('${POSTGRES_PASSWORD:-studioflow}');
    });

    it('creates the studioflow database with an init script', () => {
      const mount = pg.volumes?.find((v) => v.includes('/docker-entrypoint-initdb.d/'));
      expect(mount?.startsWith('./deploy/postgres/init.sql:')).toBe(true);
      expect(existsSync(join(root, 'deploy/postgres/init.sql'))).toBe(true);
      expect(read('deploy/postgres/init.sql')).toMatch(/CREATE DATABASE studioflow/);
    });
  });

  describe('nats', () => {
    const nats = services['nats'] as Service;

    it('runs the alpine image (it has wget) from the mounted config, with a JetStream check', () => {
      expect(nats.image).toBe('nats:2.12-alpine');
      expect(words(nats.command)).toContain('/etc/nats/nats.conf');
      expect(nats.volumes).toContain('./deploy/nats/nats.conf:/etc/nats/nats.conf:ro');
      expect(nats.volumes).toContain('nats-data:/data');
      expect(words(nats.healthcheck?.test)).toMatch(
        /wget .*http:\/\/(localhost|127\.0\.0\.1):8222\/healthz\?js-enabled-only=true/,
      );
    });

    it('enables JetStream with fsync on every write and monitoring on 8222', () => {
      const conf = read('deploy/nats/nats.conf').replace(/#.*$/gm, '');
      const jetstream = /jetstream\s*\{([^}]*)\}/.exec(conf)?.[1] ?? '';
      expect(jetstream).toMatch(/store_dir\s*:\s*\/data/);
      expect(jetstream).toMatch(/sync_interval\s*:\s*always/);
      expect(conf).toMatch(/http_port\s*:\s*8222/);
    });
  });

  describe('redis', () => {
    const redis = services['redis'] as Service;

    it('keeps every job: append-only file and noeviction, with a volume', () => {
      const command = words(redis.command);
      expect(redis.image).toBe('redis:7');
      expect(command).toMatch(/^redis-server /);
      expect(command).toMatch(/--appendonly yes/);
      expect(command).toMatch(/--maxmemory-policy noeviction/);
      expect(redis.volumes).toContain('redis-data:/data');
      expect(words(redis.healthcheck?.test)).toContain('redis-cli ping');
    });
  });

  describe('mailpit', () => {
    it('catches mail on SMTP 1025 and serves its UI on 8025', () => {
      const mailpit = services['mailpit'] as Service;
      expect(mailpit.image).toMatch(/^axllent\/mailpit(:|$)/);
      expect(mailpit.expose).toContain('1025');
      expect(mailpit.ports?.some((p) => p.endsWith(':8025'))).toBe(true);
    });
  });

  describe.each(Object.entries(APPS))('app %s', (name, port) => {
    const app = services[name] as Service;
    const env = app.environment ?? {};

    it('is built from the one Dockerfile for its APP', () => {
      expect(app.build?.context).toBe('.');
      expect(app.build?.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(app.build?.args?.['APP']).toBe(name);
    });

    it('gets the shared configuration and its port', () => {
      expect(env).toMatchObject({
        NODE_ENV: 'production',
        PORT: String(port),
        DATABASE_URL:
          'postgres://studioflow:${POSTGRES_PASSWORD:-studioflow}@postgres:5432/studioflow',
        NATS_URL: 'nats://nats:4222',
        REDIS_URL: 'redis://redis:6379',
        LOG_LEVEL: 'info',
        MIGRATE_ON_BOOT: 'true',
      });
      const published = [...(app.ports ?? []), ...(app.expose ?? [])];
      expect(published.some((p) => p === String(port) || p.endsWith(`:${port}`))).toBe(true);
    });

    it('checks /health/ready on its own port with node (the image has no curl)', () => {
      const test = app.healthcheck?.test as string[];
      expect(test.slice(0, 3)).toEqual(['CMD', 'node', '-e']);
      expect(test[3]).toContain(`http://127.0.0.1:${port}/health/ready`);
      expect(test[3]).toMatch(/process\.exit\(1\)/);
    });

    it('starts only after postgres, nats and redis are healthy', () => {
      for (const dependency of ['postgres', 'nats', 'redis']) {
        expect(app.depends_on?.[dependency]).toEqual({ condition: 'service_healthy' });
      }
    });
  });

  it('gives the gateway its secrets, RPC timeout and CORS, and waits for the four services', () => {
    const gateway = services['gateway'] as Service;
    expect(gateway.environment).toMatchObject({
      JWT_SECRET: '${JWT_SECRET:-change-me-in-production}',
      RPC_TIMEOUT_MS: '5000',
    });
    expect(gateway.environment?.['CORS_ORIGINS']).toBeDefined();
    expect(gateway.ports).toContain('${GATEWAY_PORT:-3000}:3000');
    for (const service of ['crm', 'projects', 'finance', 'notifications']) {
      expect(gateway.depends_on?.[service]).toEqual({ condition: 'service_healthy' });
    }
  });

  it('points notifications at mailpit and waits for it', () => {
    const notifications = services['notifications'] as Service;
    expect(notifications.environment).toMatchObject({ SMTP_URL: 'smtp://mailpit:1025' });
    expect(notifications.environment?.['MAIL_FROM']).toBeDefined();
    expect(notifications.depends_on?.['mailpit']).toEqual({ condition: 'service_healthy' });
  });
});

/** Dockerfile instructions per stage, with line continuations joined and comments dropped. */
function dockerfileStages(text: string): { from: string; name?: string; lines: string[] }[] {
  const logical = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const globalArgs: Record<string, string> = {};
  const stages: { from: string; name?: string; lines: string[] }[] = [];
  for (const line of logical) {
    const from = /^FROM\s+(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) {
      const image = (from[1] as string).replace(
        /\$\{?(\w+)\}?/g,
        (_, arg: string) => globalArgs[arg] ?? '',
      );
      stages.push({ from: image, name: from[2], lines: [] });
    } else if (stages.length === 0) {
      const arg = /^ARG\s+(\w+)=(\S+)/i.exec(line);
      if (arg) globalArgs[arg[1] as string] = arg[2] as string;
    } else {
      stages[stages.length - 1]?.lines.push(line);
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(read('Dockerfile'));
  const runtime = stages[stages.length - 1] as (typeof stages)[number];
  const all = stages.flatMap((s) => s.lines).join('\n');

  it('builds every stage on Node 22 LTS (bookworm-slim)', () => {
    expect(stages.length).toBeGreaterThan(1);
    for (const stage of stages) expect(stage.from).toBe('node:22-bookworm-slim');
  });

  it('installs with npm ci and builds the five apps with Nx', () => {
    expect(all).toMatch(/npm ci/);
    expect(all).toMatch(
      /nx run-many -t build --projects=gateway,crm,projects,finance,notifications/,
    );
  });

  it('runs the final stage as the non-root node user in production mode', () => {
    const users = runtime.lines.filter((l) => /^USER\s/i.test(l));
    expect(users.length).toBeGreaterThan(0);
    const user = (users[users.length - 1] as string).split(/\s+/)[1];
    expect(user).toBe('node');
    expect(runtime.lines.join('\n')).toMatch(/ENV\s[^\n]*NODE_ENV=production/);
  });

  it('ships production-only node_modules and all five bundles, selected by APP', () => {
    expect(all).toMatch(/npm ci --omit=dev/);
    for (const app of Object.keys(APPS)) {
      expect(runtime.lines).toContain(`COPY --from=build /app/apps/${app}/dist ./apps/${app}/dist`);
    }
    expect(runtime.lines).toContain('CMD ["sh", "-c", "exec node apps/$APP/dist/main.js"]');
    expect(runtime.lines.join('\n')).not.toMatch(/^HEALTHCHECK/m);
  });

  it('keeps host artefacts out of the build context', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim());
    for (const entry of ['**/node_modules', '**/dist', '.nx', '.git', '**/test-output']) {
      expect(ignored).toContain(entry);
    }
  });
});
