import { Transform } from 'class-transformer';
import { IsOptional, ValidateBy } from 'class-validator';

/** Options shared by the `Env*` decorators. */
export interface EnvOptions {
  /** When true the variable may be unset (no default, property stays `undefined`). */
  optional?: boolean;
}

const secrets = new WeakMap<object, Set<string>>();

/**
 * Marks an environment variable as secret: its value is never echoed in validation messages, and
 * when `NODE_ENV=production` it must be set in the environment — the development default on the
 * property initializer does not count (ARCHITECTURE.md, "Configuration").
 */
export function Secret(): PropertyDecorator {
  return (target, propertyKey) => {
    const names = secrets.get(target) ?? new Set<string>();
    names.add(String(propertyKey));
    secrets.set(target, names);
  };
}

/** The names of the `@Secret()` properties of `cls`, including inherited ones. */
export function secretNamesOf(cls: abstract new () => object): Set<string> {
  const names = new Set<string>();
  for (let proto: object | null = cls.prototype; proto; proto = Object.getPrototypeOf(proto)) {
    secrets.get(proto)?.forEach((name) => names.add(name));
  }
  return names;
}

/**
 * Builds a validator whose message is just the rule (`must be …`); `loadEnv` prefixes the
 * variable name and, for non-secrets, the offending value.
 */
function envRule(name: string, rule: string, isValid: (value: unknown) => boolean) {
  return ValidateBy({
    name,
    constraints: [rule],
    validator: { validate: (value: unknown) => isValid(value), defaultMessage: () => rule },
  });
}

function compose(decorators: PropertyDecorator[], options: EnvOptions = {}): PropertyDecorator {
  const all = options.optional ? [IsOptional(), ...decorators] : decorators;
  return (target, propertyKey) => all.forEach((decorate) => decorate(target, propertyKey));
}

/**
 * An integer variable, parsed from its decimal string form (`"3000"`; `"3e3"` or `"3.5"` fail).
 * Bounds are inclusive.
 */
export function EnvInt(bounds: { min?: number; max?: number } = {}, options?: EnvOptions) {
  const { min = Number.MIN_SAFE_INTEGER, max = Number.MAX_SAFE_INTEGER } = bounds;
  let rule: string;
  if (bounds.min !== undefined && bounds.max !== undefined) {
    rule = `must be an integer between ${min} and ${max}`;
  } else if (min === 1) {
    rule = 'must be a positive integer';
  } else if (min === 0) {
    rule = 'must be a non-negative integer';
  } else if (bounds.min !== undefined) {
    rule = `must be an integer >= ${min}`;
  } else {
    rule = 'must be an integer';
  }
  return compose(
    [
      Transform(({ value }: { value: unknown }) =>
        typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value,
      ),
      envRule(
        'envInt',
        rule,
        (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max,
      ),
    ],
    options,
  );
}

/**
 * A boolean variable. Accepts exactly `true`, `false`, `1` and `0`; anything else is an error
 * (class-transformer's implicit conversion would turn `"false"` into `true`, so it is not used).
 */
export function EnvBoolean(options?: EnvOptions) {
  const parsed: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
  return compose(
    [
      Transform(({ value }: { value: unknown }) =>
        typeof value === 'string' && value in parsed ? parsed[value] : value,
      ),
      envRule('envBoolean', 'must be one of true, false, 1, 0', (v) => typeof v === 'boolean'),
    ],
    options,
  );
}

/** A variable that must be one of `values` (case-sensitive). */
export function EnvEnum(values: readonly string[], options?: EnvOptions) {
  return compose(
    [
      envRule(
        'envEnum',
        `must be one of ${values.join(', ')}`,
        (v) => typeof v === 'string' && values.includes(v),
      ),
    ],
    options,
  );
}

/**
 * A URL whose scheme is one of `schemes` (without `://`) and which names a host. With
 * `list: true` a comma-separated list of such URLs is accepted (e.g. a NATS cluster).
 */
export function EnvUrl(schemes: readonly string[], options: EnvOptions & { list?: boolean } = {}) {
  const isUrl = (s: string): boolean => {
    try {
      const url = new URL(s.trim());
      return schemes.includes(url.protocol.slice(0, -1)) && url.hostname.length > 0;
    } catch {
      return false;
    }
  };
  const rule = `must be a ${schemes.map((s) => `${s}://`).join(' or ')} URL`;
  return compose(
    [
      envRule(
        'envUrl',
        rule,
        (v) => typeof v === 'string' && (options.list ? v.split(',') : [v]).every(isUrl),
      ),
    ],
    options,
  );
}

/** A string matching `pattern`; `description` completes "must …" (e.g. "contain only a-z"). */
export function EnvPattern(pattern: RegExp, description: string, options?: EnvOptions) {
  return compose(
    [envRule('envPattern', `must ${description}`, (v) => typeof v === 'string' && pattern.test(v))],
    options,
  );
}

/** A free-form string of at least `minLength` characters (default 1). */
export function EnvString(bounds: { minLength?: number } = {}, options?: EnvOptions) {
  const { minLength = 1 } = bounds;
  const rule =
    minLength <= 1 ? 'must be a non-empty string' : `must be at least ${minLength} characters long`;
  return compose(
    [envRule('envString', rule, (v) => typeof v === 'string' && v.length >= minLength)],
    options,
  );
}
