import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Transport, type NatsContext, type NatsOptions } from '@nestjs/microservices';
import { DomainErrorKind, DomainException, RequestContext } from '@studioflow/platform';
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
        () =>
          new DomainException(
            DomainErrorKind.Timeout,
            'rpc.deadline_passed',
            'The caller stopped waiting',
          ),
      );
    }
    return new Observable((subscriber) => {
      RequestContext.run(ctx, () =>
        withEntityManager(this.orm, () =>
          lastValueFrom(next.handle(), { defaultValue: undefined }),
        ),
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
 * Connects the app to NATS as a request-reply server: handlers declared with
 * `@MessagePattern(subject)` answer on `subject`, load-balanced over the queue group `service`.
 * Call before `app.startAllMicroservices()`.
 */
export function connectRpcServer(
  app: NestFastifyApplication,
  options: { natsUrl: string; service: string; orm: MikroORM },
): void {
  // Global enhancers are copied to the microservice when it connects: register first.
  app.useGlobalInterceptors(new RpcContextInterceptor(options.orm));
  app.connectMicroservice<NatsOptions>(
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
    // The app's validation pipe and problem-details filter (which answers RPC errors with the
    // domain error payload) apply to NATS handlers too; the interceptor passes HTTP through.
    { inheritAppConfig: true },
  );
}
