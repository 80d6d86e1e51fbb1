import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import type { CloudEvent } from '@studioflow/contracts';

/**
 * One event waiting to be published (ARCHITECTURE rule 1, transactional outbox). Written in the
 * same transaction as the state change; the `OutboxRelay` publishes it to JetStream and stamps
 * `publishedAt`. Not tenant-filtered: the relay works across tenants.
 */
@Entity({ tableName: 'outbox' })
export class OutboxMessage {
  [OptionalProps]?: 'createdAt' | 'attempts';

  /** The event id (UUIDv7), used as `Nats-Msg-Id` so JetStream drops duplicates. */
  @PrimaryKey({ type: 'uuid' })
  id: string;

  @Property({ type: 'uuid' })
  tenantId: string;

  /** Event type, e.g. `crm.lead.converted`. */
  @Property({ type: 'string', length: 200 })
  type: string;

  /** NATS subject (the type, after any test prefix). */
  @Property({ type: 'string', length: 255 })
  subject: string;

  /** The whole CloudEvents envelope. */
  @Property({ type: 'json' })
  envelope: CloudEvent;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  publishedAt?: Date;

  @Property({ type: 'integer' })
  attempts = 0;

  @Property({ type: 'text', nullable: true })
  lastError?: string;
}
