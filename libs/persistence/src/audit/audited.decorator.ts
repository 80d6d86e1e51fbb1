/** Options of `@Audited()`. */
export interface AuditedOptions {
  /** Properties never written to the audit trail (secrets, hashes, large blobs). */
  exclude?: string[];
}

const audited = new WeakMap<object, Required<AuditedOptions>>();

/**
 * Marks an entity class as audited: every insert, update and delete of it writes an
 * `AuditLogEntry` in the same transaction (see `AuditSubscriber`).
 */
export function Audited(options: AuditedOptions = {}): ClassDecorator {
  return (target) => {
    audited.set(target, { exclude: options.exclude ?? [] });
  };
}

/** The audit options of an entity class, or `undefined` when it is not audited. */
export function auditOptionsOf(entityClass: object): Required<AuditedOptions> | undefined {
  return audited.get(entityClass);
}
