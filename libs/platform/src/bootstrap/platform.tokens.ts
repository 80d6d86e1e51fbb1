/**
 * Injection token of the validated environment (the `BaseEnv` subclass instance given to
 * `PlatformModule.forRoot`): `@Inject(ENV) env: FinanceEnv`. The same instance is also provided
 * under `BaseEnv` and under its own class.
 */
export const ENV = 'PLATFORM_ENV';

/** Injection token of the service name (`'gateway'`, `'finance'` …): `@Inject(SERVICE_NAME)`. */
export const SERVICE_NAME = 'PLATFORM_SERVICE_NAME';
