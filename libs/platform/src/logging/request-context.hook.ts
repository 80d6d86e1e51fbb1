import type { IncomingMessage, ServerResponse } from 'node:http';
import { RequestContext } from '../context/request-context';
import { CORRELATION_ID_HEADER, correlationIdFor } from './correlation-id';

/**
 * The part of a Fastify instance the hook needs. Structural, because `@nestjs/platform-fastify`
 * may bring its own copy of fastify whose `FastifyInstance` type differs from the workspace one.
 */
export interface OnRequestHookTarget {
  addHook(
    name: 'onRequest',
    hook: (
      request: { raw: IncomingMessage },
      reply: { raw: ServerResponse },
      done: (error?: Error) => void,
    ) => void,
  ): unknown;
}

/**
 * Adds a Fastify `onRequest` hook that enters a `RequestContext` for each request, with the
 * request's correlation id (`correlationIdFor`: the acceptable incoming `x-correlation-id`, else
 * a new UUIDv7 — the same id pino-http logs), and echoes it in the `x-correlation-id` response
 * header. Register it before `app.init()` so it runs before Nest middleware.
 */
export function registerRequestContextHook(fastify: OnRequestHookTarget): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const correlationId = correlationIdFor(request.raw);
    RequestContext.enter({ correlationId });
    // On the raw response, so that it survives every path a response can take (errors raised in
    // Nest middleware are answered on the raw response).
    reply.raw.setHeader(CORRELATION_ID_HEADER, correlationId);
    done();
  });
}
