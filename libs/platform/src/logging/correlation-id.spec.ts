import { correlationIdFor, isAcceptableCorrelationId } from './correlation-id';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe(correlationIdFor.name, () => {
  it('adopts an acceptable incoming x-correlation-id', () => {
    expect(correlationIdFor({ headers: { 'x-correlation-id': 'req_01J:abc.def-1' } })).toBe(
      'req_01J:abc.def-1',
    );
  });

  it.each([
    ['too long', 'a'.repeat(129)],
    ['with spaces', 'a b'],
    ['with a newline', 'abc\n{"level":"fatal"}'],
    ['empty', ''],
  ])('replaces an id that is %s with a UUIDv7', (_why, header) => {
    expect(correlationIdFor({ headers: { 'x-correlation-id': header } })).toMatch(UUID_V7);
  });

  it('generates a UUIDv7 when there is no header', () => {
    expect(correlationIdFor({ headers: {} })).toMatch(UUID_V7);
  });

  it('returns the same id for the same request every time', () => {
    const req = { headers: {} };

    expect(correlationIdFor(req)).toBe(correlationIdFor(req));
    expect(correlationIdFor({ headers: {} })).not.toBe(correlationIdFor(req));
  });

  it('accepts up to 128 characters', () => {
    expect(isAcceptableCorrelationId('a'.repeat(128))).toBe(true);
    expect(isAcceptableCorrelationId(42)).toBe(false);
  });
});
