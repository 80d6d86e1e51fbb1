import { DynamicModule, Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { BaseEnv } from '../config/base-env';
import { EnvValidationError, loadEnv } from '../config/load-env';
import { RequestContext } from '../context/request-context';
import { createLogger, shouldPrettyPrint } from '../logging/logger.options';
import { createServiceApp, shutdownGracefully } from './service-app';

/** Options of `runService`. */
export interface RunServiceOptions<E extends BaseEnv> {
  /** Service name (`'gateway'`, `'finance'` …): prefix of boot errors, `service` of logs. */
  service: string;
  /** The app's env class (`config/env.ts`), validated with `loadEnv`. */
  envClass: new () => E;
  /** The root module for this env; it must import `PlatformModule.forRoot({ service, env })`. */
  module: (env: E) => DynamicModule | Type;
  /**
   * One-off commands selected by the first CLI argument (`node main.js migrate`); each runs as
   * system work and the process exits 0 when it resolves, 1 when it rejects.
   */
  commands?: Record<string, (env: E) => Promise<void>>;
  /** See `ServiceAppOptions.configure`. */
  configure?: (app: NestFastifyApplication, env: E) => Promise<void> | void;
  /** Environment to read instead of `process.env`. */
  source?: Record<string, string | undefined>;
  /** CLI arguments instead of `process.argv.slice(2)`. */
  argv?: readonly string[];
}

function installCrashHandlers(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, `Uncaught exception: ${error.message}`);
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    const err = reason instanceof Error ? reason : new Error(String(reason));
    logger.fatal({ err }, `Unhandled promise rejection: ${err.message}`);
    process.exit(1);
  });
}

function installSignalHandlers(app: NestFastifyApplication, env: BaseEnv, logger: Logger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) {
      logger.warn({ signal }, `${signal} received again during shutdown, exiting now`);
      return process.exit(1);
    }
    closing = true;
    logger.info({ signal }, `${signal} received, shutting down`);
    void shutdownGracefully(app, env.SHUTDOWN_TIMEOUT_MS, logger).then((code) => {
      if (code === 0) logger.info('Shut down cleanly');
      process.exit(code);
    });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/**
 * The whole life of a service process, called from `main.ts`:
 * 1. `loadEnv(envClass, source)`; on `EnvValidationError` writes exactly one line
 *    `<service>: Invalid environment: …` to stderr and exits 1 (no stack trace);
 * 2. if the first CLI argument names one of `commands`, runs it and exits 0 (or 1 on failure;
 *    an unknown command is an error too);
 * 3. otherwise `createServiceApp`, then `listen(PORT, '0.0.0.0')`.
 *
 * SIGTERM/SIGINT shut down gracefully (`shutdownGracefully`) and exit 0, or 1 after
 * `SHUTDOWN_TIMEOUT_MS`; a second signal exits 1 at once. Nest's `enableShutdownHooks` is not
 * used: it re-raises the signal, so the exit code would not be 0. Uncaught exceptions and
 * unhandled rejections are logged at `fatal` and exit 1.
 */
export async function runService<E extends BaseEnv>(options: RunServiceOptions<E>): Promise<void> {
  const { service } = options;
  let env: E;
  try {
    env = loadEnv(options.envClass, options.source ?? process.env);
  } catch (error) {
    if (!(error instanceof EnvValidationError)) throw error;
    process.stderr.write(`${service}: ${error.message}\n`);
    return process.exit(1);
  }

  const logger = createLogger({ service, level: env.LOG_LEVEL, pretty: shouldPrettyPrint(env) });
  installCrashHandlers(logger);

  const [commandName] = options.argv ?? process.argv.slice(2);
  if (commandName !== undefined) {
    const command = options.commands?.[commandName];
    if (!command) {
      const known = Object.keys(options.commands ?? {}).join(', ') || 'none';
      process.stderr.write(`${service}: unknown command "${commandName}" (known: ${known})\n`);
      return process.exit(1);
    }
    try {
      await RequestContext.runAsSystem(commandName, () => command(env));
      logger.info(`Command ${commandName} finished`);
      return process.exit(0);
    } catch (error) {
      logger.fatal({ err: error }, `Command ${commandName} failed`);
      return process.exit(1);
    }
  }

  let app: NestFastifyApplication;
  try {
    app = await createServiceApp({
      service,
      env,
      module: options.module,
      configure: options.configure,
    });
    await app.listen(env.PORT, '0.0.0.0');
  } catch (error) {
    logger.fatal({ err: error }, `${service} failed to start`);
    return process.exit(1);
  }
  logger.info(`${service} listening on port ${env.PORT}`);
  installSignalHandlers(app, env, logger);
}
