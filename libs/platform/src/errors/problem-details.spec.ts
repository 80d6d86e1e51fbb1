import {
  HttpException,
  MethodNotAllowedException,
  NotFoundException,
  PayloadTooLargeException,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { DomainErrorKind, DomainException } from './domain.exception';
import { INTERNAL_ERROR_DETAIL, problemStatus, toProblemDetails } from './problem-details';

function fastifyError(code: string, statusCode: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'FastifyError', code, statusCode });
}

describe(problemStatus.name, () => {
  it.each([
    [DomainErrorKind.Invalid, 400],
    [DomainErrorKind.Unauthenticated, 401],
    [DomainErrorKind.Forbidden, 403],
    [DomainErrorKind.NotFound, 404],
    [DomainErrorKind.Conflict, 409],
    [DomainErrorKind.PreconditionFailed, 412],
    [DomainErrorKind.Unprocessable, 422],
    [DomainErrorKind.Unavailable, 503],
    [DomainErrorKind.Timeout, 504],
  ])('maps %s to %i', (kind, status) => {
    expect(problemStatus(kind)).toBe(status);
  });

  it('maps every kind', () => {
    for (const kind of Object.values(DomainErrorKind)) {
      expect(() => problemStatus(kind)).not.toThrow();
    }
  });
});

describe(toProblemDetails.name, () => {
  it('maps a domain exception to its type, status, detail and field errors', () => {
    const error = new DomainException(
      DomainErrorKind.Invalid,
      'validation_failed',
      'The request has invalid fields',
      [{ pointer: '/lines/0/quantity', message: 'quantity must not be less than 1' }],
    );

    expect(toProblemDetails(error, '/api/v1/invoices', 'c-1')).toEqual({
      type: 'https://studioflow.dev/problems/validation_failed',
      title: 'Bad Request',
      status: 400,
      detail: 'The request has invalid fields',
      instance: '/api/v1/invoices',
      correlationId: 'c-1',
      errors: [{ pointer: '/lines/0/quantity', message: 'quantity must not be less than 1' }],
    });
  });

  it('leaves out empty field errors and a missing correlation id', () => {
    const error = new DomainException(DomainErrorKind.Timeout, 'rpc.timeout', 'finance timed out');

    expect(toProblemDetails(error, '/x')).toEqual({
      type: 'https://studioflow.dev/problems/rpc.timeout',
      title: 'Gateway Timeout',
      status: 504,
      detail: 'finance timed out',
      instance: '/x',
    });
  });

  it.each([
    [new NotFoundException('Cannot GET /nope'), 404, 'Not Found', 'Cannot GET /nope'],
    [new MethodNotAllowedException(), 405, 'Method Not Allowed', 'Method Not Allowed'],
    [new PayloadTooLargeException(), 413, 'Payload Too Large', 'Payload Too Large'],
    [new UnsupportedMediaTypeException(), 415, 'Unsupported Media Type', 'Unsupported Media Type'],
    [new HttpException('Too many requests', 429), 429, 'Too Many Requests', 'Too many requests'],
    [
      new HttpException({ message: ['a must be a string', 'b must be a number'] }, 400),
      400,
      'Bad Request',
      'a must be a string; b must be a number',
    ],
  ])('keeps the status and message of %p', (error, status, title, detail) => {
    expect(toProblemDetails(error, '/x')).toEqual({
      type: 'about:blank',
      title,
      status,
      detail,
      instance: '/x',
    });
  });

  it('does not reveal the message of a 5xx HttpException', () => {
    const problem = toProblemDetails(
      new ServiceUnavailableException('redis at 10.0.0.7 down'),
      '/x',
    );

    expect(problem.status).toBe(503);
    expect(problem.detail).not.toContain('10.0.0.7');
  });

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', 413, 413],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 415, 415],
    ['FST_ERR_CTP_INVALID_JSON_BODY', 400, 400],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', 400, 400],
    ['FST_ERR_SOMETHING_NEW', 408, 408],
  ])('maps the Fastify error %s to %i', (code, statusCode, expected) => {
    const problem = toProblemDetails(fastifyError(code, statusCode, 'client mistake'), '/x');

    expect(problem.status).toBe(expected);
    expect(problem.type).toBe('about:blank');
  });

  it('maps a JSON syntax error carrying a 400 statusCode to 400', () => {
    const error = Object.assign(new SyntaxError('Unexpected end of JSON input'), {
      statusCode: 400,
    });

    expect(toProblemDetails(error, '/x')).toMatchObject({
      status: 400,
      detail: 'The request body is not valid JSON',
    });
  });

  it.each([
    [new Error('password authentication failed for user "app"')],
    ['a thrown string'],
    [null],
    [Object.assign(new Error('upstream said: secret'), { statusCode: 502 })],
  ])('answers %p with a generic 5xx problem', (error) => {
    const problem = toProblemDetails(error, '/x', 'c-9');

    expect(problem.status).toBeGreaterThanOrEqual(500);
    expect(JSON.stringify(problem)).not.toMatch(/password|secret|thrown/);
    expect(problem.correlationId).toBe('c-9');
  });

  it('uses the generic detail for a 500', () => {
    expect(toProblemDetails(new Error('x'), '/x')).toEqual({
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: INTERNAL_ERROR_DETAIL,
      instance: '/x',
    });
  });
});
