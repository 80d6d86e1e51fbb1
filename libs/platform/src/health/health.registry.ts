import { Injectable, Logger } from '@nestjs/common';
import {
  HealthIndicatorFunction,
  HealthIndicatorResult,
  HealthIndicatorService,
} from '@nestjs/terminus';

/** A readiness check: resolves when its dependency is usable, throws (or rejects) when not. */
export type HealthCheck = () => Promise<void>;

/** Per-check options of `HealthRegistry.register`. */
export interface HealthCheckOptions {
  /** Milliseconds after which the check counts as down (default 2000). */
  timeoutMs?: number;
}

/** Time a readiness check may take before it counts as down, in milliseconds. */
export const DEFAULT_HEALTH_CHECK_TIMEOUT_MS = 2_000;

class HealthCheckTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
    this.name = HealthCheckTimeoutError.name;
  }
}

async function withTimeout(check: HealthCheck, timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthCheckTimeoutError(timeoutMs)), timeoutMs);
  });
  try {
    await Promise.race([Promise.resolve().then(check), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The readiness checks of this process. Libraries register the dependencies they own
 * (`postgres`, `nats`, `redis`) at startup; `GET /health/ready` runs them all, each bounded by a
 * timeout. Once `setShuttingDown()` is called, readiness answers 503 so load balancers stop
 * sending traffic while the process drains.
 */
@Injectable()
export class HealthRegistry {
  private readonly logger = new Logger(HealthRegistry.name);
  private readonly checks = new Map<string, { check: HealthCheck; timeoutMs: number }>();
  private shuttingDown = false;

  constructor(private readonly indicator: HealthIndicatorService) {}

  /**
   * Adds a readiness check under `name` (the key in the `/health/ready` body).
   * @throws Error when a check with that name is already registered.
   */
  register(name: string, check: HealthCheck, options: HealthCheckOptions = {}): void {
    if (this.checks.has(name)) throw new Error(`Health check "${name}" is already registered`);
    this.checks.set(name, {
      check,
      timeoutMs: options.timeoutMs ?? DEFAULT_HEALTH_CHECK_TIMEOUT_MS,
    });
  }

  /** Makes readiness fail from now on (graceful shutdown has begun). */
  setShuttingDown(): void {
    this.shuttingDown = true;
  }

  /** True once `setShuttingDown()` was called. */
  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** The names of the registered checks, in registration order. */
  names(): string[] {
    return [...this.checks.keys()];
  }

  /**
   * The checks as terminus indicators. They never throw: a failing or slow check is reported
   * `down` with a generic message (the cause is logged, not exposed on a public endpoint).
   */
  indicators(): HealthIndicatorFunction[] {
    return [...this.checks].map(([name, { check, timeoutMs }]) => async () => {
      const session = this.indicator.check(name);
      try {
        await withTimeout(check, timeoutMs);
        return session.up();
      } catch (error) {
        this.logger.warn({ err: error, check: name, msg: `Health check "${name}" failed` });
        const message = error instanceof HealthCheckTimeoutError ? error.message : 'unavailable';
        return session.down({ message }) as HealthIndicatorResult;
      }
    });
  }
}
