import { Writable } from 'node:stream';
import { RequestContext } from '../context/request-context';
import { createLogger, isOperationalPath, requestContextMixin } from './logger.options';

describe(createLogger.name, () => {
  function capture() {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        callback();
      },
    });
    const sut = createLogger({ service: 'finance', level: 'info', destination });
    return { sut, lines };
  }

  it('writes JSON with the service and the request context of the moment', () => {
    const { sut, lines } = capture();

    RequestContext.run({ correlationId: 'c-1', tenantId: 't-1', actorId: 'u-1' }, () =>
      sut.info('inside'),
    );
    sut.info('outside');

    expect(lines[0]).toMatchObject({
      level: 'info',
      service: 'finance',
      correlationId: 'c-1',
      tenantId: 't-1',
      actorId: 'u-1',
      msg: 'inside',
    });
    expect(lines[1]).toMatchObject({ service: 'finance', msg: 'outside' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });

  it('redacts credentials in request headers', () => {
    const { sut, lines } = capture();

    sut.info({ req: { headers: { authorization: 'Bearer t', cookie: 's=1', accept: '*/*' } } });

    expect(lines[0]['req']).toEqual({
      headers: { authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' },
    });
  });
});

describe(requestContextMixin.name, () => {
  it('adds nothing outside a unit of work', () => {
    expect(requestContextMixin()).toEqual({});
  });

  it('adds the system actor of background work', () => {
    const fields = RequestContext.runAsSystem('outbox-relay', () => requestContextMixin(), 'c-7');

    expect(fields).toEqual({ correlationId: 'c-7', actorId: 'system:outbox-relay' });
  });
});

describe(isOperationalPath.name, () => {
  it.each([
    ['/health/live', true],
    ['/health/ready?x=1', true],
    ['/metrics', true],
    ['/healthy', false],
    ['/api/v1/invoices', false],
  ])('%s → %s', (path, expected) => {
    expect(isOperationalPath(path)).toBe(expected);
  });
});
