import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import {
  assertUnreachable,
  DomainErrorKind,
  DomainException,
  FieldError,
} from './domain.exception';

/** Media type of every error response (RFC 9457, section 3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Base of the `type` URI of domain problems: `${PROBLEM_TYPE_BASE}<code>`. */
export const PROBLEM_TYPE_BASE = 'https://studioflow.dev/problems/';

/** Detail of every unexpected (500) problem: the cause is logged, never sent. */
export const INTERNAL_ERROR_DETAIL =
  'An unexpected error occurred. Quote the correlation id when reporting it.';

/**
 * An RFC 9457 problem details object, as sent with `content-type: application/problem+json`.
 * `type` is `about:blank` for plain HTTP failures (unknown route, body too large …), in which
 * case `title` is the HTTP reason phrase (RFC 9457, section 4.2.1).
 */
export interface ProblemDetails {
  /** URI identifying the problem type, e.g. `https://studioflow.dev/problems/invoice.already_paid`. */
  type: string;
  /** Short summary of the problem type (the HTTP reason phrase). */
  title: string;
  /** HTTP status code. */
  status: number;
  /** Human-readable explanation of this occurrence. */
  detail: string;
  /** Path of the request this occurrence concerns (no query string). */
  instance: string;
  /** Id correlating this response with the server logs (also in `x-correlation-id`). */
  correlationId?: string;
  /** One entry per invalid field: RFC 6901 JSON pointer into the request and the broken rule. */
  errors?: FieldError[];
}

/**
 * The HTTP status of a domain error kind (ARCHITECTURE.md, "HTTP API conventions").
 * Exhaustive: a new `DomainErrorKind` fails to compile until it is mapped here.
 */
export function problemStatus(kind: DomainErrorKind): number {
  switch (kind) {
    case DomainErrorKind.Invalid:
      return 400;
    case DomainErrorKind.Unauthenticated:
      return 401;
    case DomainErrorKind.Forbidden:
      return 403;
    case DomainErrorKind.NotFound:
      return 404;
    case DomainErrorKind.Conflict:
      return 409;
    case DomainErrorKind.PreconditionFailed:
      return 412;
    case DomainErrorKind.Unprocessable:
      return 422;
    case DomainErrorKind.Unavailable:
      return 503;
    case DomainErrorKind.Timeout:
      return 504;
    default:
      return assertUnreachable(kind);
  }
}

/** Client-facing details of the Fastify errors a request can run into before any handler. */
const FASTIFY_ERRORS: Record<string, { status: number; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, detail: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    detail: 'The request body has an unsupported media type',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, detail: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    detail: 'The request body is empty but content-type is application/json',
  },
};

interface ErrorWithStatusCode {
  statusCode: number;
  code?: unknown;
  message?: unknown;
}

function hasStatusCode(error: unknown): error is ErrorWithStatusCode {
  const code = (error as Partial<ErrorWithStatusCode> | null)?.statusCode;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof code === 'number' &&
    code >= 400 &&
    code <= 599
  );
}

function titleOf(status: number): string {
  return STATUS_CODES[status] ?? 'Error';
}

function messageOf(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return exception.message;
}

function problem(
  status: number,
  detail: string,
  instance: string,
  correlationId: string | undefined,
  type = 'about:blank',
): ProblemDetails {
  const body: ProblemDetails = { type, title: titleOf(status), status, detail, instance };
  if (correlationId) body.correlationId = correlationId;
  return body;
}

/**
 * Maps anything thrown while serving an HTTP request to an RFC 9457 problem:
 * - `DomainException` → status from `problemStatus(kind)`, `type` = `PROBLEM_TYPE_BASE + code`,
 *   its message as `detail` and its field errors as `errors`;
 * - Nest `HttpException` (unknown route 404, 405, 413, 415, 429 …) → its own status and message;
 * - Fastify errors carrying `statusCode` (`FST_ERR_CTP_BODY_TOO_LARGE` → 413,
 *   `FST_ERR_CTP_INVALID_MEDIA_TYPE` → 415, invalid JSON → 400, other 4xx as they come);
 * - anything else, and every other 5xx → 500-class problem with a generic `detail`: the
 *   message of an unexpected error is never sent to the client.
 */
export function toProblemDetails(
  error: unknown,
  instance: string,
  correlationId?: string,
): ProblemDetails {
  if (error instanceof DomainException) {
    const body = problem(
      problemStatus(error.kind),
      error.message,
      instance,
      correlationId,
      `${PROBLEM_TYPE_BASE}${error.code}`,
    );
    if (error.errors.length > 0) body.errors = error.errors;
    return body;
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status >= 500) return problem(status, serverDetail(status), instance, correlationId);
    return problem(status, messageOf(error), instance, correlationId);
  }

  if (hasStatusCode(error)) {
    const known = typeof error.code === 'string' ? FASTIFY_ERRORS[error.code] : undefined;
    if (known) return problem(known.status, known.detail, instance, correlationId);
    if (error instanceof SyntaxError) {
      return problem(400, 'The request body is not valid JSON', instance, correlationId);
    }
    if (error.statusCode < 500 && typeof error.message === 'string') {
      return problem(error.statusCode, error.message, instance, correlationId);
    }
    return problem(error.statusCode, serverDetail(error.statusCode), instance, correlationId);
  }

  return problem(500, INTERNAL_ERROR_DETAIL, instance, correlationId);
}

function serverDetail(status: number): string {
  return status === 500 ? INTERNAL_ERROR_DETAIL : `${titleOf(status)}. Please retry later.`;
}
