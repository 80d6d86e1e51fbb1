import { EnvBoolean, EnvEnum, EnvInt, EnvPattern, EnvUrl, Secret } from './env.decorators';

/** Values of `NODE_ENV`. */
export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** Values of `LOG_LEVEL` (pino levels plus `silent`). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * The environment variables every StudioFlow service reads, validated once at boot by `loadEnv`.
 * Defaults (the property initializers) serve local development against PostgreSQL, NATS and Redis
 * on 127.0.0.1; in production every `@Secret()` must be set explicitly.
 *
 * Apps subclass it in `config/env.ts`, add their own variables with the `Env*` decorators and may
 * override initializers, e.g. `override PORT = 3001;`.
 */
export class BaseEnv {
  @EnvEnum(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @EnvEnum(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  /** HTTP port (health, metrics and, for the gateway, the API). */
  @EnvInt({ min: 1, max: 65535 })
  PORT = 3000;

  /** PostgreSQL connection URL (holds the password). */
  @Secret()
  @EnvUrl(['postgres', 'postgresql'])
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/studioflow';

  /** NATS server URL, or a comma-separated list of them. */
  @EnvUrl(['nats'], { list: true })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Redis URL (may hold a password). */
  @Secret()
  @EnvUrl(['redis', 'rediss'])
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Run pending database migrations before the service starts listening. */
  @EnvBoolean()
  MIGRATE_ON_BOOT = false;

  /** Milliseconds a graceful shutdown may take before the process exits with code 1. */
  @EnvInt({ min: 1 })
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /** Prefix of every event subject and stream name, isolating test runs (`''` in production). */
  @EnvPattern(/^[a-z0-9_]*$/, 'contain only lowercase letters, digits and underscores')
  EVENT_SUBJECT_PREFIX = '';

  /** JetStream stream replicas (1 locally, 3 in a clustered deployment). */
  @EnvInt({ min: 1, max: 5 })
  NATS_STREAM_REPLICAS = 1;

  /** JetStream duplicate-detection window in milliseconds (`Nats-Msg-Id` de-duplication). */
  @EnvInt({ min: 1 })
  NATS_DUPLICATE_WINDOW_MS = 120_000;

  /** Deliveries of one event before it goes to the dead-letter subject. */
  @EnvInt({ min: 1, max: 100 })
  CONSUMER_MAX_DELIVER = 5;

  /** Milliseconds JetStream waits for an ack before redelivering. */
  @EnvInt({ min: 1 })
  CONSUMER_ACK_WAIT_MS = 30_000;

  /** Milliseconds between outbox polls when LISTEN/NOTIFY stays silent. */
  @EnvInt({ min: 1 })
  OUTBOX_POLL_INTERVAL_MS = 1_000;

  /** Largest accepted HTTP request body in bytes (larger ones get 413). */
  @EnvInt({ min: 1 })
  HTTP_BODY_LIMIT_BYTES = 1_048_576;
}
