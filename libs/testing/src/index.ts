export { dockerAvailable } from './lib/docker';
export { freePort } from './lib/free-port';
export { LOCAL_DEFAULTS, testInfrastructure } from './lib/infrastructure';
export type { TestInfrastructure } from './lib/infrastructure';
export { createTestDatabase } from './lib/test-database';
export type { TestDatabase } from './lib/test-database';
export { uniquePrefix } from './lib/unique-prefix';
export { removeNatsStreams } from './lib/nats-streams';
export { removeRedisKeys } from './lib/redis-keys';
export {
  startDisposableNats,
  startDisposablePostgres,
  startDisposableRedis,
} from './lib/disposable';
export type {
  DisposableOptions,
  DisposableRedisOptions,
  DisposableService,
} from './lib/disposable';
export { waitFor } from './lib/wait-for';
export type { WaitForOptions } from './lib/wait-for';
export { ServiceProcess, WORKSPACE_ROOT } from './lib/service-process';
export { describeServiceBoot } from './lib/service-boot.suite';
export type { ServiceBootSpec } from './lib/service-boot.suite';
