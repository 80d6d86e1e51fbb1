import { randomBytes } from 'node:crypto';
import { workerSingleton } from './worker-registry';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random characters from `[a-z0-9]`. */
export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let token = '';
  for (const byte of bytes) {
    token += ALPHABET[byte % ALPHABET.length];
  }
  return token;
}

/**
 * A short unique lowercase token such as `t_k3x9a2qm` (`[a-z0-9_]`, starts with a letter) to
 * prefix the NATS subjects, streams, consumers and Redis keys of one test file. Unique within the
 * worker by construction and across workers/runs by randomness (36^8 values).
 */
export function uniquePrefix(): string {
  const issued = workerSingleton('unique-prefixes', () => new Set<string>());
  for (;;) {
    const prefix = `t_${randomToken(8)}`;
    if (!issued.has(prefix)) {
      issued.add(prefix);
      return prefix;
    }
  }
}
