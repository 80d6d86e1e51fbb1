import type { IncomingHttpHeaders } from 'node:http';
import { v7 as uuidv7 } from 'uuid';
import { ContextHeaders } from '../context/request-context';

/** HTTP header that carries the correlation id in and out (`x-correlation-id`). */
export const CORRELATION_ID_HEADER = ContextHeaders.CorrelationId;

/** What an incoming correlation id may look like: 1–128 of `A-Z a-z 0-9 . _ : -`. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * True when `value` is safe to adopt as a correlation id: at most 128 characters of letters,
 * digits and `. _ : -` (UUIDs, ULIDs, W3C trace ids), so a caller cannot inject log lines or
 * bloat every log entry.
 */
export function isAcceptableCorrelationId(value: unknown): value is string {
  return typeof value === 'string' && ACCEPTABLE.test(value);
}

const ids = new WeakMap<object, string>();

/**
 * The correlation id of an incoming HTTP request: its `x-correlation-id` header when acceptable,
 * otherwise a new UUIDv7. Memoised per raw request object, so Fastify's `genReqId`, pino-http,
 * the `RequestContext` hook and the problem-details filter all see the same value.
 */
export function correlationIdFor(req: { headers: IncomingHttpHeaders }): string {
  let id = ids.get(req);
  if (id === undefined) {
    const header = req.headers[CORRELATION_ID_HEADER];
    const incoming = Array.isArray(header) ? header[0] : header;
    id = isAcceptableCorrelationId(incoming) ? incoming : uuidv7();
    ids.set(req, id);
  }
  return id;
}
