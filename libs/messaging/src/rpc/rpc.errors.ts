import { DomainErrorKind, DomainException } from '@studioflow/platform';

/** The service did not answer before the deadline (mapped to HTTP 504). */
export class RpcTimeoutError extends DomainException {
  constructor(subject: string, timeoutMs: number) {
    super(
      DomainErrorKind.Timeout,
      'rpc.timeout',
      `${subject} did not answer within ${timeoutMs} ms`,
    );
  }
}

/** No instance of the service is listening on the subject (mapped to HTTP 503). */
export class RpcNoResponderError extends DomainException {
  constructor(subject: string) {
    super(DomainErrorKind.Unavailable, 'rpc.no_responder', `No service is answering ${subject}`);
  }
}

/** The service failed in a way it did not describe as a domain error (mapped to HTTP 503). */
export class RpcRemoteError extends DomainException {
  constructor(subject: string, detail: string) {
    super(DomainErrorKind.Unavailable, 'rpc.remote_failure', `${subject} failed: ${detail}`);
  }
}
