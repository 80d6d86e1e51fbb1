import { workerSingleton } from './worker-registry';

/** How long the container-runtime probe may take before Docker counts as unavailable. */
const PROBE_TIMEOUT_MS = 2_500;

/**
 * Environment switch: `TEST_USE_DOCKER=false` forces the local services even when a Docker engine
 * is reachable, `TEST_USE_DOCKER=true` makes a missing engine an error instead of a fallback.
 */
function dockerPreference(): boolean | undefined {
  const value = process.env['TEST_USE_DOCKER']?.trim().toLowerCase();
  if (value === undefined || value === '') return undefined;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  return undefined;
}

async function probeContainerRuntime(): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    timer.unref();
  });
  const probe = (async () => {
    try {
      const { getContainerRuntimeClient } = await import('testcontainers');
      const client = await getContainerRuntimeClient();
      return Boolean(client);
    } catch {
      return false;
    }
  })();
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Whether Testcontainers can reach a container runtime (Docker, Podman, …). Answers within
 * ~2.5 s even when `DOCKER_HOST` points at nothing; the answer is cached for the Jest worker.
 * `TEST_USE_DOCKER=false|true` overrides the detection.
 */
export function dockerAvailable(): Promise<boolean> {
  return workerSingleton('docker-available', async () => {
    const preference = dockerPreference();
    if (preference === false) return false;
    const reachable = await probeContainerRuntime();
    if (preference === true && !reachable) {
      throw new Error('TEST_USE_DOCKER=true but no container runtime is reachable');
    }
    return reachable;
  });
}
