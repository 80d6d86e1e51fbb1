import { constants as osConstants } from 'node:os';

const REGISTRY_KEY = Symbol.for('@studioflow/testing.worker-registry');

type Holder = { [REGISTRY_KEY]?: Map<string, unknown> };

/**
 * A map shared by every test file that runs in the same Jest worker process.
 *
 * Jest gives each test file a fresh module registry and a sandboxed `global`/`process`, so a
 * module-level variable would be re-created per file. Node core modules are the exception: every
 * file gets the worker's real `os` module, so state hung off one of its objects lives as long as
 * the worker. (A named import, because interop helpers may copy a whole-module import.)
 */
export function workerRegistry(): Map<string, unknown> {
  const holder = osConstants as unknown as Holder;
  holder[REGISTRY_KEY] ??= new Map<string, unknown>();
  return holder[REGISTRY_KEY];
}

/** Returns the worker-wide value under `key`, creating it once with `create`. */
export function workerSingleton<T>(key: string, create: () => T): T {
  const registry = workerRegistry();
  if (!registry.has(key)) {
    registry.set(key, create());
  }
  return registry.get(key) as T;
}
