/** Options for {@link waitFor}. */
export interface WaitForOptions {
  /** Give up after this many milliseconds (default 10 000). */
  timeoutMs?: number;
  /** Pause between two probes in milliseconds (default 100). */
  intervalMs?: number;
  /** What is awaited, used in the timeout message (default `condition`). */
  what?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `probe` until it returns a truthy value and resolves with that value. A probe that throws
 * counts as "not yet"; its last error is quoted in the timeout error
 * `Timed out after <N>ms waiting for <what>`.
 */
export async function waitFor<T>(
  probe: () => Promise<T | undefined | false | null>,
  opts: WaitForOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const intervalMs = opts.intervalMs ?? 100;
  const what = opts.what ?? 'condition';
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) {
        return value;
      }
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      const cause = lastError === undefined ? '' : ` (last error: ${describeError(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs}ms waiting for ${what}${cause}`, {
        cause: lastError,
      });
    }
    await sleep(Math.min(intervalMs, remaining));
  }
}

/** One-line description of an unknown thrown value. */
export function describeError(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return error.errors.map(describeError).join('; ');
  }
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}
