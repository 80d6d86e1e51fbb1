import { Entity, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';

/**
 * Marks an event as applied by one consumer (ARCHITECTURE rule 2). Inserted in the same
 * transaction as the handler's effect; a redelivered event finds its row and changes nothing.
 */
@Entity({ tableName: 'inbox' })
export class InboxEntry {
  [OptionalProps]?: 'processedAt';

  /** Durable consumer name, e.g. `projects__crm_lead_converted`. */
  @PrimaryKey({ type: 'string', length: 200 })
  consumer: string;

  @PrimaryKey({ type: 'uuid' })
  eventId: string;

  @Property({ type: 'string', length: 200 })
  eventType: string;

  @Property({ type: 'uuid', nullable: true })
  tenantId?: string;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  processedAt: Date = new Date();
}
