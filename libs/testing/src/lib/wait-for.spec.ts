import { waitFor } from './wait-for';

describe('waitFor', () => {
  it('resolves with the first truthy value', async () => {
    let calls = 0;
    const value = await waitFor(async () => (++calls >= 3 ? { calls } : undefined), {
      intervalMs: 1,
    });
    expect(value).toEqual({ calls: 3 });
  });

  it('treats a throwing probe as not ready yet', async () => {
    let calls = 0;
    const value = await waitFor(
      async () => {
        if (++calls < 2) throw new Error('not yet');
        return 'ok';
      },
      { intervalMs: 1 },
    );
    expect(value).toBe('ok');
  });

  it('times out with a message naming what it waited for and the last error', async () => {
    await expect(
      waitFor(
        async () => {
          throw new Error('connection refused');
        },
        { timeoutMs: 50, intervalMs: 10, what: 'the moon' },
      ),
    ).rejects.toThrow(
      /^Timed out after 50ms waiting for the moon \(last error: connection refused\)$/,
    );
  });

  it('times out on falsy answers', async () => {
    await expect(waitFor(async () => false, { timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      'Timed out after 30ms waiting for condition',
    );
  });
});
