import { Inject, Injectable } from '@nestjs/common';
import {
  RequestContext,
  domainExceptionFromPayload,
  isDomainErrorPayload,
} from '@studioflow/platform';
import {
  ErrorCode,
  JSONCodec,
  headers as natsHeaders,
  type NatsConnection,
  type NatsError,
} from 'nats';
import { v7 as uuidv7 } from 'uuid';
import { NATS_CONNECTION } from '../messaging.tokens';
import { RpcNoResponderError, RpcRemoteError, RpcTimeoutError } from './rpc.errors';

/** Default time a caller waits for an answer, in ms. */
export const DEFAULT_RPC_TIMEOUT_MS = 5_000;

/** Shape of a reply written by `@nestjs/microservices`' NATS transport. */
interface NestNatsReply {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

const codec = JSONCodec<unknown>();

/**
 * Request-reply over NATS to handlers declared with `@MessagePattern(subject)` in another
 * service (the `@nestjs/microservices` NATS wire format: `{ id, pattern, data }` → `{ id,
 * response | err }`). Carries the request context — tenant, actor, roles, client scope,
 * correlation id — and a deadline in headers, so the callee never trusts a tenant id in `data`.
 * Errors: `RpcTimeoutError` (504), `RpcNoResponderError` (503), the callee's `DomainException`
 * rebuilt as such, or `RpcRemoteError` for anything else.
 */
@Injectable()
export class RpcClient {
  constructor(@Inject(NATS_CONNECTION) private readonly nc: NatsConnection) {}

  /** Sends `data` to `subject` and resolves with the handler's return value. */
  async send<TResponse>(
    subject: string,
    data: unknown,
    options: { timeoutMs?: number } = {},
  ): Promise<TResponse> {
    const ctx = RequestContext.current();
    const remaining = ctx?.deadline ? ctx.deadline - Date.now() : undefined;
    const timeoutMs = Math.max(
      1,
      Math.min(options.timeoutMs ?? DEFAULT_RPC_TIMEOUT_MS, remaining ?? Infinity),
    );
    const hdrs = natsHeaders();
    for (const [name, value] of Object.entries(
      RequestContext.toHeaders(ctx && { ...ctx, deadline: Date.now() + timeoutMs }),
    )) {
      hdrs.set(name, value);
    }
    let reply: NestNatsReply;
    try {
      const msg = await this.nc.request(
        subject,
        codec.encode({ id: uuidv7(), pattern: subject, data }),
        {
          timeout: timeoutMs,
          headers: hdrs,
        },
      );
      reply = codec.decode(msg.data) as NestNatsReply;
    } catch (error) {
      const code = (error as NatsError).code;
      if (code === ErrorCode.Timeout) throw new RpcTimeoutError(subject, timeoutMs);
      if (code === ErrorCode.NoResponders) throw new RpcNoResponderError(subject);
      throw new RpcRemoteError(subject, (error as Error).message);
    }
    if (reply.err !== undefined && reply.err !== null) {
      if (isDomainErrorPayload(reply.err)) throw domainExceptionFromPayload(reply.err);
      const detail = typeof reply.err === 'string' ? reply.err : JSON.stringify(reply.err);
      throw new RpcRemoteError(subject, detail);
    }
    return reply.response as TResponse;
  }
}
