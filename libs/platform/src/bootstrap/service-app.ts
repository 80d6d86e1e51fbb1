import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { BaseEnv } from '../config/base-env';
import { createValidationPipe } from '../errors/validation.pipe';
import { HealthRegistry } from '../health/health.registry';
import { correlationIdFor } from '../logging/correlation-id';
import { registerRequestContextHook } from '../logging/request-context.hook';

/** Options of `createServiceApp`. */
export interface ServiceAppOptions<E extends BaseEnv> {
  /** Service name (`'gateway'`, `'finance'` …). */
  service: string;
  /** The validated environment. */
  env: E;
  /** The root module for this env; it must import `PlatformModule.forRoot({ service, env })`. */
  module: (env: E) => DynamicModule | Type;
  /**
   * Last step before `init()`: set a global prefix, Swagger, CORS, or `connectMicroservice` a
   * NATS transport (started by `createServiceApp`).
   */
  configure?: (app: NestFastifyApplication, env: E) => Promise<void> | void;
}

/**
 * The Fastify adapter every service uses: body limit `HTTP_BODY_LIMIT_BYTES` (413 beyond),
 * `trustProxy` (client IP from `X-Forwarded-For`), 503 for requests arriving while closing, and
 * the correlation id as Fastify's request id.
 */
export function createFastifyAdapter(env: BaseEnv): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.HTTP_BODY_LIMIT_BYTES,
    trustProxy: true,
    return503OnClosing: true,
    genReqId: (req: IncomingMessage) => correlationIdFor(req),
  });
}

/**
 * Builds and initialises a service exactly as `runService` does — pino logger, global validation
 * pipe, request-context hook, `configure`, `init()`, microservices started — but does not listen
 * and installs no process handlers, so tests can boot it in-process and call `app.inject()`.
 * The caller closes it (`await app.close()`).
 *
 * @throws Error when the module does not import `PlatformModule.forRoot`, or when Nest fails to
 * build the module graph.
 */
export async function createServiceApp<E extends BaseEnv>(
  options: ServiceAppOptions<E>,
): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    options.module(options.env),
    createFastifyAdapter(options.env),
    { bufferLogs: true, abortOnError: false },
  );
  try {
    let logger: PinoNestLogger;
    try {
      logger = app.get(PinoNestLogger);
    } catch {
      throw new Error(
        `${options.service}: the root module must import PlatformModule.forRoot({ service, env })`,
      );
    }
    app.useLogger(logger);
    app.flushLogs();
    app.useGlobalPipes(createValidationPipe());
    registerRequestContextHook(app.getHttpAdapter().getInstance());
    await options.configure?.(app, options.env);
    await app.init();
    await app.startAllMicroservices();
    return app;
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
}

/** Outcome of `shutdownGracefully`: the exit code the process should end with. */
export type ShutdownExitCode = 0 | 1;

/**
 * Graceful shutdown: readiness starts failing (`HealthRegistry.setShuttingDown`), then
 * `app.close()` runs every `beforeApplicationShutdown` / `onApplicationShutdown` hook (consumers
 * stop, NATS drains, pools close) and stops the HTTP server after in-flight requests.
 *
 * @param timeoutMs milliseconds `app.close()` may take (`SHUTDOWN_TIMEOUT_MS`).
 * @returns 0 when the app closed in time, 1 when it failed or timed out (logged as an error).
 */
export async function shutdownGracefully(
  app: INestApplication,
  timeoutMs: number,
  logger: { error(obj: object, msg: string): void },
): Promise<ShutdownExitCode> {
  try {
    app.get(HealthRegistry, { strict: false }).setShuttingDown();
  } catch {
    // No HealthModule in this app: nothing to mark.
  }
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const outcome = await Promise.race([app.close().then(() => 'closed' as const), timedOut]);
    if (outcome === 'timeout') {
      logger.error({ timeoutMs }, `Graceful shutdown did not finish within ${timeoutMs} ms`);
      return 1;
    }
    return 0;
  } catch (error) {
    logger.error({ err: error }, 'Graceful shutdown failed');
    return 1;
  } finally {
    clearTimeout(timer);
  }
}
