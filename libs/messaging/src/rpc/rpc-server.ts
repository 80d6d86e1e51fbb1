import {
  Catch,
  Logger,
  type ArgumentsHost,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
  type RpcExceptionFilter,
} from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type NatsContext, type NatsOptions } from '@nestjs/microservices';
import {
  DomainErrorKind,
  DomainException,
  RequestContext,
  createValidationPipe,
  type DomainErrorPayload,
} from '@studioflow/platform';
import { withEntityManager } from '@studioflow/persistence';
import { Observable, lastValueFrom, throwError } from 'rxjs';

/**
 * Runs every NATS request handler inside the caller's request context (tenant, actor, roles,
 * client scope, correlation id, deadline — from headers) and its own MikroORM identity map.
 * A request whose deadline has already passed is not started.
 */
export class RpcContextInterceptor implements NestInterceptor {
  constructor(private readonly orm: MikroORM) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const nats = context.switchToRpc().getContext<NatsContext>();
    const headers = nats.getHeaders?.();
    const ctx = RequestContext.fromHeaders((name) => headers?.get(name) || undefined);
    if (ctx.deadline && ctx.deadline < Date.now()) {
      return throwError(
        () => new DomainException(DomainErrorKind.Timeout, 'rpc.deadline_passed', 'The caller stopped waiting'),
      );
    }
    return new Observable((subscriber) => {
      RequestContext.run(ctx, () =>
        withEntityManager(this.orm, () => lastValueFrom(next.handle(), { defaultValue: undefined })),
      ).then(
        (value) => {
          subscriber.next(value);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
    });
  }
}

/**
 * Turns what an RPC handler throws into the reply's `err`: a `DomainException` keeps its kind,
 * code, message and field errors (the gateway maps them to problem details); anything else is
 * logged with its stack and answered as an opaque internal error.
 */
@Catch()
export class RpcDomainExceptionFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('Rpc');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> {
    if (exception instanceof DomainException) {
      const payload: DomainErrorPayload = {
        kind: exception.kind,
        code: exception.code,
        message: exception.message,
        errors: exception.errors,
      };
      return throwError(() => payload);
    }
    const subject = host.switchToRpc().getContext<NatsContext>()?.getSubject?.();
    this.logger.error(`Unhandled error in ${subject ?? 'an RPC handler'}`, (exception as Error)?.stack);
    return throwError(() => ({ kind: 'internal', message: 'Internal error' }));
  }
}

/**
 * Connects the app to NATS as a request-reply server: handlers declared with
 * `@MessagePattern(subject)` answer on `subject`, load-balanced over the queue group `service`.
 * Call before `app.startAllMicroservices()`.
 */
export function connectRpcServer(
  app: NestFastifyApplication,
  options: { natsUrl: string; service: string; orm: MikroORM },
): void {
  const microservice = app.connectMicroservice<NatsOptions>(
    {
      transport: Transport.NATS,
      options: {
        servers: [options.natsUrl],
        queue: options.service,
        name: `${options.service}-rpc`,
        maxReconnectAttempts: -1,
        gracePeriod: 5_000,
      },
    },
    { inheritAppConfig: false },
  );
  microservice.useGlobalPipes(createValidationPipe());
  microservice.useGlobalInterceptors(new RpcContextInterceptor(options.orm));
  microservice.useGlobalFilters(new RpcDomainExceptionFilter());
}
