import { RequestContext } from './request-context';

describe('RequestContext', () => {
  const sut = RequestContext;

  describe('enter', () => {
    it('makes the context current for the rest of the async flow', async () => {
      const seen = await new Promise<string | undefined>((resolve) => {
        // A fresh async resource, so that enterWith does not leak into the test itself.
        setImmediate(() => {
          sut.enter({ correlationId: 'c-1', tenantId: 't-1' });
          void Promise.resolve().then(() => resolve(sut.correlationId()));
        });
      });

      expect(seen).toBe('c-1');
    });

    it('fills in roles and a correlation id', async () => {
      const entered = await new Promise((resolve) => {
        setImmediate(() => resolve(sut.enter({ tenantId: 't-1' })));
      });

      expect(entered).toEqual({ tenantId: 't-1', roles: [], correlationId: expect.any(String) });
    });
  });

  describe('assign', () => {
    it('adds fields to the current context in place, keeping its correlation id', async () => {
      await sut.run({ correlationId: 'c-2' }, async () => {
        await Promise.resolve();
        sut.assign({ tenantId: 't-9', actorId: 'u-1', roles: ['admin'] });

        expect(sut.current()).toEqual({
          correlationId: 'c-2',
          tenantId: 't-9',
          actorId: 'u-1',
          roles: ['admin'],
        });
      });
    });

    it('refuses to run outside a context', () => {
      expect(() => sut.assign({ tenantId: 't' })).toThrow('outside any request context');
    });
  });
});
