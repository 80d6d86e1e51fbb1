/**
 * The kinds of failure a use case can report, each mapped to exactly one HTTP status by the
 * RFC 9457 problem-details mapping (`problemStatus`). Services never throw `HttpException`.
 */
export enum DomainErrorKind {
  /** 400: the input is malformed (field-level details in `errors`). */
  Invalid = 'invalid',
  /** 401: no or expired credentials. */
  Unauthenticated = 'unauthenticated',
  /** 403: the caller's role or ownership does not allow this. */
  Forbidden = 'forbidden',
  /** 404: no such row for this tenant (also for other tenants' rows). */
  NotFound = 'not_found',
  /** 409: the current state does not allow this (e.g. converting a lead twice). */
  Conflict = 'conflict',
  /** 412: `If-Match` did not match the row version. */
  PreconditionFailed = 'precondition_failed',
  /** 422: valid input that breaks a business rule (e.g. overpayment). */
  Unprocessable = 'unprocessable',
  /** 503: a dependency is unavailable. */
  Unavailable = 'unavailable',
  /** 504: a dependency did not answer in time. */
  Timeout = 'timeout',
}

/** One invalid field: an RFC 6901 JSON pointer into the request and what is wrong with it. */
export interface FieldError {
  pointer: string;
  message: string;
}

/**
 * Base class of every domain exception. `code` is a stable machine-readable identifier
 * (e.g. `invoice.already_paid`) that becomes the problem `type` URI; `kind` picks the status.
 * Subclasses pair it with a code enum, e.g. `InvoiceException(InvoiceExceptionCode.AlreadyPaid)`.
 */
export class DomainException extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Serialised form of a `DomainException` when it crosses a NATS RPC boundary. */
export interface DomainErrorPayload {
  kind: DomainErrorKind;
  code: string;
  message: string;
  errors: FieldError[];
}

/** True when `value` has the shape of a `DomainErrorPayload` (used on the RPC client side). */
export function isDomainErrorPayload(value: unknown): value is DomainErrorPayload {
  const v = value as Partial<DomainErrorPayload> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.kind === 'string' &&
    Object.values(DomainErrorKind).includes(v.kind as DomainErrorKind) &&
    typeof v.code === 'string' &&
    typeof v.message === 'string'
  );
}

/** Rebuilds a `DomainException` from its RPC payload, so the gateway maps it like a local one. */
export function domainExceptionFromPayload(p: DomainErrorPayload): DomainException {
  return new DomainException(p.kind, p.code, p.message, Array.isArray(p.errors) ? p.errors : []);
}

/** Compile-time exhaustiveness check for `switch` statements over enums. */
export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled value: ${String(value)}`);
}
