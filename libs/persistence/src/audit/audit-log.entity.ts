import { Entity, Enum, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/** What happened to an audited row. */
export enum AuditAction {
  Create = 'create',
  Update = 'update',
  Delete = 'delete',
}

/** `{ field: { before, after } }`; `before` is absent on create, `after` on delete. */
export type AuditChanges = Record<string, { before?: unknown; after?: unknown }>;

/**
 * One audit-trail entry, written in the same transaction as the change it records
 * (PRODUCT.md, Platform: "who changed what, when, before/after"). Append-only.
 */
@Entity({ tableName: 'audit_log' })
@Index({ properties: ['tenantId', 'entityType', 'entityId', 'occurredAt'] })
export class AuditLogEntry {
  [OptionalProps]?: 'id' | 'occurredAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'uuid' })
  tenantId: string;

  /** Entity class name, e.g. `Invoice`. */
  @Property({ type: 'string', length: 100 })
  entityType: string;

  @Property({ type: 'string', length: 100 })
  entityId: string;

  @Enum({ items: () => AuditAction, nativeEnumName: undefined, type: 'string' })
  action: AuditAction;

  @Property({ type: 'json' })
  changes: AuditChanges;

  /** User id or `system:<component>`. */
  @Property({ type: 'string', length: 100, nullable: true })
  actor?: string;

  @Property({ type: 'string', length: 128, nullable: true })
  correlationId?: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  occurredAt: Date = new Date();
}
