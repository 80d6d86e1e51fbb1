import { BaseEnv } from './base-env';
import { EnvString, Secret } from './env.decorators';
import { EnvValidationError, loadEnv } from './load-env';

class GatewayEnv extends BaseEnv {
  override PORT = 3100;

  @Secret()
  @EnvString({ minLength: 32 })
  JWT_SECRET = 'development-only-secret-0123456789abcdef';
}

function errorOf(fn: () => unknown): EnvValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvValidationError) return error;
    throw error;
  }
  throw new Error('expected an EnvValidationError');
}

describe(loadEnv.name, () => {
  it('applies the development defaults when nothing is set', () => {
    const sut = loadEnv(BaseEnv, {});

    expect(sut).toMatchObject({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      PORT: 3000,
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/studioflow',
      NATS_URL: 'nats://127.0.0.1:4222',
      REDIS_URL: 'redis://127.0.0.1:6379',
      MIGRATE_ON_BOOT: false,
      SHUTDOWN_TIMEOUT_MS: 10000,
      EVENT_SUBJECT_PREFIX: '',
      NATS_STREAM_REPLICAS: 1,
      NATS_DUPLICATE_WINDOW_MS: 120000,
      CONSUMER_MAX_DELIVER: 5,
      CONSUMER_ACK_WAIT_MS: 30000,
      OUTBOX_POLL_INTERVAL_MS: 1000,
      HTTP_BODY_LIMIT_BYTES: 1048576,
    });
    expect(sut).toBeInstanceOf(BaseEnv);
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('converts integers and reads the variables it declares only', () => {
    const sut = loadEnv(BaseEnv, { PORT: '8080', CONSUMER_MAX_DELIVER: '10', UNRELATED: 'x' });

    expect(sut.PORT).toBe(8080);
    expect(sut.CONSUMER_MAX_DELIVER).toBe(10);
    expect(sut).not.toHaveProperty('UNRELATED');
  });

  it('treats empty strings as unset', () => {
    const sut = loadEnv(BaseEnv, { PORT: '', EVENT_SUBJECT_PREFIX: '', NATS_URL: '' });

    expect(sut.PORT).toBe(3000);
    expect(sut.NATS_URL).toBe('nats://127.0.0.1:4222');
  });

  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads MIGRATE_ON_BOOT=%s as %s', (raw, expected) => {
    expect(loadEnv(BaseEnv, { MIGRATE_ON_BOOT: raw }).MIGRATE_ON_BOOT).toBe(expected);
  });

  it.each(['yes', 'TRUE', 'no', '2'])('rejects MIGRATE_ON_BOOT=%s', (raw) => {
    const error = errorOf(() => loadEnv(BaseEnv, { MIGRATE_ON_BOOT: raw }));

    expect(error.message).toBe(
      `Invalid environment: MIGRATE_ON_BOOT must be one of true, false, 1, 0 (got "${raw}")`,
    );
  });

  it('names every bad variable and its rule in one line', () => {
    const error = errorOf(() =>
      loadEnv(BaseEnv, {
        PORT: 'abc',
        NATS_URL: 'http://127.0.0.1:4222',
        LOG_LEVEL: 'verbose',
        EVENT_SUBJECT_PREFIX: 'Test-1',
        NATS_STREAM_REPLICAS: '7',
        SHUTDOWN_TIMEOUT_MS: '1.5',
      }),
    );

    expect(error.variables).toEqual([
      'LOG_LEVEL',
      'PORT',
      'NATS_URL',
      'SHUTDOWN_TIMEOUT_MS',
      'EVENT_SUBJECT_PREFIX',
      'NATS_STREAM_REPLICAS',
    ]);
    expect(error.message).toBe(
      'Invalid environment: ' +
        'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "verbose"); ' +
        'PORT must be an integer between 1 and 65535 (got "abc"); ' +
        'NATS_URL must be a nats:// URL (got "http://127.0.0.1:4222"); ' +
        'SHUTDOWN_TIMEOUT_MS must be a positive integer (got "1.5"); ' +
        'EVENT_SUBJECT_PREFIX must contain only lowercase letters, digits and underscores (got "Test-1"); ' +
        'NATS_STREAM_REPLICAS must be an integer between 1 and 5 (got "7")',
    );
    expect(error.message).not.toContain('\n');
  });

  it('accepts a comma-separated list of NATS servers', () => {
    const sut = loadEnv(BaseEnv, { NATS_URL: 'nats://a:4222,nats://b:4222' });

    expect(sut.NATS_URL).toBe('nats://a:4222,nats://b:4222');
  });

  it('never echoes the value of a secret', () => {
    const error = errorOf(() =>
      loadEnv(BaseEnv, { DATABASE_URL: 'mysql://root:hunter2@db/studioflow' }),
    );

    expect(error.message).toBe(
      'Invalid environment: DATABASE_URL must be a postgres:// or postgresql:// URL',
    );
    expect(error.message).not.toContain('hunter2');
  });

  it('requires every secret in production, ignoring the development defaults', () => {
    const error = errorOf(() => loadEnv(GatewayEnv, { NODE_ENV: 'production' }));

    expect(error.variables).toEqual(['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET']);
    expect(error.message).toBe(
      'Invalid environment: DATABASE_URL is required in production (secret, no default); ' +
        'REDIS_URL is required in production (secret, no default); ' +
        'JWT_SECRET is required in production (secret, no default)',
    );
  });

  it('accepts production when every secret is set', () => {
    const sut = loadEnv(GatewayEnv, {
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://app:pw@db:5432/studioflow',
      REDIS_URL: 'rediss://:pw@cache:6380',
      JWT_SECRET: 'x'.repeat(32),
    });

    expect(sut.NODE_ENV).toBe('production');
    expect(sut.JWT_SECRET).toBe('x'.repeat(32));
  });

  it('lets a subclass override a default and add variables', () => {
    const sut = loadEnv(GatewayEnv, {});

    expect(sut.PORT).toBe(3100);
    expect(sut).toBeInstanceOf(GatewayEnv);
    expect(() => loadEnv(GatewayEnv, { JWT_SECRET: 'short' })).toThrow(
      'JWT_SECRET must be at least 32 characters long',
    );
  });
});
