import { uniquePrefix } from './unique-prefix';

describe('uniquePrefix', () => {
  it('is a short lowercase [a-z0-9_] token starting with a letter', () => {
    const prefix = uniquePrefix();
    expect(prefix).toMatch(/^t_[a-z0-9]{8}$/);
  });

  it('never repeats', () => {
    const prefixes = Array.from({ length: 10_000 }, () => uniquePrefix());
    expect(new Set(prefixes).size).toBe(prefixes.length);
  });
});
