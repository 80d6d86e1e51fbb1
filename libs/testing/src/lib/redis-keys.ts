import { Redis } from 'ioredis';

/** Escapes Redis glob metacharacters so `prefix` is matched literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\^-]/g, (c) => `\\${c}`);
}

/**
 * Deletes every key starting with `prefix` (SCAN + UNLINK, never KEYS or FLUSHDB, so shared Redis
 * servers stay usable). Resolves with the number of keys removed.
 */
export async function removeRedisKeys(redisUrl: string, prefix: string): Promise<number> {
  if (!prefix) throw new Error('removeRedisKeys needs a non-empty prefix');
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    retryStrategy: () => null,
  });
  redis.on('error', () => undefined);
  await redis.connect();
  try {
    const pattern = `${escapeGlob(prefix)}*`;
    let cursor = '0';
    let removed = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) removed += await redis.unlink(...keys);
    } while (cursor !== '0');
    return removed;
  } finally {
    await redis.quit().catch(() => redis.disconnect());
  }
}
