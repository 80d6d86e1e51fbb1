import type { IncomingMessage, ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { DestinationStream, Logger, LoggerOptions, pino, stdTimeFunctions } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { BaseEnv, LogLevel } from '../config/base-env';
import { RequestContext } from '../context/request-context';
import { correlationIdFor } from './correlation-id';

/** Options of `LoggingModule.forRoot` and `createLogger`. */
export interface LoggingOptions {
  /** Service name written on every line as `service`. */
  service: string;
  /** Lowest level written (`LOG_LEVEL`). */
  level: LogLevel;
  /** Human-readable single-line output through pino-pretty (development only). */
  pretty?: boolean;
  /** Where to write instead of stdout (tests). Ignored when `pretty` is set. */
  destination?: DestinationStream;
}

/** Paths never written to the logs: credentials in headers. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Request paths whose access log is skipped: probes and scrapes (`/health/*`, `/metrics`). */
export function isOperationalPath(url: string | undefined): boolean {
  const path = (url ?? '').split('?')[0];
  return path === '/metrics' || path === '/health' || path.startsWith('/health/');
}

function originalUrlOf(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
}

/**
 * pino `mixin`: adds `correlationId`, `tenantId` and `actorId` of the current `RequestContext`
 * to every line, whether it comes from an HTTP request, a NATS message, a job or a command.
 */
export function requestContextMixin(): Record<string, string> {
  const ctx = RequestContext.current();
  if (!ctx) return {};
  const fields: Record<string, string> = { correlationId: ctx.correlationId };
  if (ctx.tenantId) fields['tenantId'] = ctx.tenantId;
  if (ctx.actorId) fields['actorId'] = ctx.actorId;
  return fields;
}

/** The pino options shared by the HTTP logger and `createLogger`: JSON, ISO time, level names. */
export function createPinoOptions(options: LoggingOptions): LoggerOptions {
  return {
    level: options.level,
    base: { service: options.service, pid: process.pid, hostname: hostname() },
    timestamp: stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: requestContextMixin,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' },
          },
        }
      : {}),
  };
}

/**
 * pino-http options: request id = correlation id (`correlationIdFor`, the same value the
 * `RequestContext` hook enters), no access log for `/health/*` and `/metrics`, 5xx at `error`.
 */
export function createPinoHttpOptions(
  options: LoggingOptions,
): PinoHttpOptions<IncomingMessage, ServerResponse> {
  return {
    ...createPinoOptions(options),
    genReqId: (req) => correlationIdFor(req),
    // Nest strips the mount path from `req.url` inside middleware; `originalUrl` keeps it.
    autoLogging: { ignore: (req) => isOperationalPath(originalUrlOf(req)) },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
    // pino-http invents an error ("failed with status code 500") for every 5xx; its stack says
    // nothing, and the real one is logged by ProblemDetailsFilter.
    customErrorObject: (_req, _res, err, value: Record<string, unknown>) => {
      if (!err.message.startsWith('failed with status code')) return value;
      const { err: _synthetic, ...rest } = value;
      return rest;
    },
  };
}

/**
 * A standalone pino logger with the same shape as the application's (service, context fields,
 * redaction), for code that runs outside Nest: `runService` before the app exists, commands.
 */
export function createLogger(options: LoggingOptions): Logger {
  const pinoOptions = createPinoOptions(options);
  return options.destination && !options.pretty
    ? pino(pinoOptions, options.destination)
    : pino(pinoOptions);
}

/** Pretty logs by default only for a developer watching a terminal. */
export function shouldPrettyPrint(env: Pick<BaseEnv, 'NODE_ENV'>): boolean {
  return env.NODE_ENV === 'development' && process.stdout.isTTY === true;
}
