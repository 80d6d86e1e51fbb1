import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { throwError, type Observable } from 'rxjs';
import { DomainException, type DomainErrorPayload } from './domain.exception';
import { correlationIdFor } from '../logging/correlation-id';
import { PROBLEM_CONTENT_TYPE, toProblemDetails } from './problem-details';

type AnyRequest = FastifyRequest | IncomingMessage;
type AnyResponse = FastifyReply | ServerResponse;

function rawRequest(request: AnyRequest): IncomingMessage {
  return 'raw' in request ? request.raw : request;
}

/**
 * Global exception filter that answers every failed HTTP request with an RFC 9457
 * `application/problem+json` body (see `toProblemDetails`), including unknown routes and errors
 * Fastify raises before a handler runs (413, 415, invalid JSON). 5xx are logged once, with the
 * stack and correlation id. In NATS request handlers (`rpc` context) it turns the error into the
 * reply's `err` instead (see `toRpcErrorPayload`); other contexts rethrow.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  catch(exception: unknown, host: ArgumentsHost): unknown {
    const type = host.getType<string>();
    if (type === 'rpc') return this.catchRpc(exception);
    if (type !== 'http') throw exception;

    const http = host.switchToHttp();
    const request = rawRequest(http.getRequest<AnyRequest>());
    const response = http.getResponse<AnyResponse>();
    const correlationId = correlationIdFor(request);
    const url = (request as IncomingMessage & { originalUrl?: string }).originalUrl ?? request.url;
    const instance = (url ?? '/').split('?')[0];
    const problem = toProblemDetails(exception, instance, correlationId);

    if (problem.status >= 500) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({
        err,
        correlationId,
        status: problem.status,
        method: request.method,
        instance,
        msg: `${request.method} ${instance} failed with ${problem.status}: ${err.message}`,
      });
    }

    // A Buffer, so that Fastify sends the media type as is (a string would get `; charset=utf-8`).
    const body = Buffer.from(JSON.stringify(problem));
    if ('raw' in response) {
      if (response.sent) return undefined;
      return response
        .status(problem.status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(body);
    }
    if (response.headersSent) return undefined;
    response.statusCode = problem.status;
    response.setHeader('content-type', PROBLEM_CONTENT_TYPE);
    response.end(body);
    return undefined;
  }

  private catchRpc(exception: unknown): Observable<never> {
    if (!(exception instanceof DomainException)) {
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error({ err, msg: `RPC handler failed: ${err.message}` });
    }
    return throwError(() => toRpcErrorPayload(exception));
  }
}

/**
 * The `err` of a NATS reply: a `DomainException` keeps its kind, code, message and field errors
 * (the caller rebuilds it and the gateway maps it to problem details); anything else becomes an
 * opaque internal error so that no internal message leaks to the caller.
 */
export function toRpcErrorPayload(
  exception: unknown,
): DomainErrorPayload | { kind: 'internal'; message: string } {
  if (exception instanceof DomainException) {
    return {
      kind: exception.kind,
      code: exception.code,
      message: exception.message,
      errors: exception.errors,
    };
  }
  return { kind: 'internal', message: 'Internal error' };
}
