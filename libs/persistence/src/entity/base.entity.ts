import { PrimaryKey, Property, type Opt } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/**
 * Base of every business entity: UUIDv7 `id`, owning `tenantId`, `createdAt` / `updatedAt`
 * (UTC `timestamptz`) and `version` for optimistic locking (the row version is the HTTP `ETag`;
 * a stale `If-Match` is refused). Every query on a subclass is scoped to the tenant of the current
 * request context by the `tenant` filter, and a new row gets that tenant when it is created.
 */
export abstract class TenantScopedEntity {
  @PrimaryKey({ type: 'uuid' })
  id: Opt<string> = uuidv7();

  /** Set from the request context on insert (see `TenantSubscriber`); never from input. */
  @Property({ type: 'uuid', index: true })
  tenantId: Opt<string>;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Opt<Date> = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() })
  updatedAt: Opt<Date> = new Date();

  @Property({ type: 'integer', version: true })
  version: Opt<number> = 1;
}
