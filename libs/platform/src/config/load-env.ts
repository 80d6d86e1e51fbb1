import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { BaseEnv } from './base-env';
import { secretNamesOf } from './env.decorators';

/**
 * Thrown by `loadEnv` when one or more variables are missing or malformed. `message` is a single
 * line naming every bad variable and its rule, e.g.
 * `Invalid environment: PORT must be an integer between 1 and 65535 (got "abc"); NATS_URL must be a nats:// URL`.
 * Secret values are never echoed.
 */
export class EnvValidationError extends Error {
  constructor(
    /** The names of the offending variables, in declaration order. */
    readonly variables: string[],
    /** One sentence per offending variable. */
    readonly problems: string[],
  ) {
    super(`Invalid environment: ${problems.join('; ')}`);
    this.name = EnvValidationError.name;
  }
}

/**
 * The variables `cls` declares — every property carrying a class-validator decorator — base
 * class first, each class in declaration order.
 */
function variableNamesOf(cls: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const chain: unknown[] = [];
  for (let c: unknown = cls; typeof c === 'function' && c !== Function.prototype;) {
    chain.unshift(c);
    c = Object.getPrototypeOf(c);
  }
  const names = chain.flatMap((c) => metadata.filter((m) => m.target === c));
  return [...new Set(names.map((m) => m.propertyName))];
}

function describe(name: string, rules: string[], value: string | undefined, secret: boolean) {
  const text = rules.map((r) => (r.startsWith(`${name} `) ? r.slice(name.length + 1) : r));
  let got = '';
  if (value === undefined) got = ' (not set)';
  else if (!secret) got = ` (got ${JSON.stringify(value)})`;
  return `${name} ${text.join(' and ')}${got}`;
}

/**
 * Reads the variables declared by `cls` from `source`, converts them (integers, booleans) and
 * validates them all at once. Empty strings count as unset, so the property initializer (the
 * development default) applies. In production (`NODE_ENV=production` in `source`) every
 * `@Secret()` variable must be set. This is the only place that reads `process.env`.
 *
 * @returns a frozen instance of `cls`.
 * @throws EnvValidationError naming every missing or malformed variable.
 */
export function loadEnv<T extends BaseEnv>(
  cls: new () => T,
  source: Record<string, string | undefined> = process.env,
): T {
  const names = variableNamesOf(cls);
  const secrets = secretNamesOf(cls);
  const plain: Record<string, string> = {};
  for (const name of names) {
    const value = source[name];
    if (value !== undefined && value !== '') plain[name] = value;
  }

  const problems = new Map<string, string>();
  if (plain['NODE_ENV'] === 'production') {
    for (const name of secrets) {
      if (!(name in plain)) {
        problems.set(name, `${name} is required in production (secret, no default)`);
      }
    }
  }

  const env = plainToInstance(cls, plain);
  for (const error of validateSync(env, { forbidUnknownValues: false })) {
    if (problems.has(error.property)) continue;
    const rules = Object.values(error.constraints ?? {});
    problems.set(
      error.property,
      describe(error.property, rules, plain[error.property], secrets.has(error.property)),
    );
  }

  if (problems.size > 0) {
    const variables = names.filter((name) => problems.has(name));
    throw new EnvValidationError(
      variables,
      variables.map((name) => problems.get(name) as string),
    );
  }
  return Object.freeze(env);
}
