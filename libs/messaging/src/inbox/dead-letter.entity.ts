import { Entity, Index, OptionalProps, PrimaryKey, Property } from '@mikro-orm/core';
import { v7 as uuidv7 } from 'uuid';

/**
 * An event a consumer gave up on: it failed `max_deliver` times, its contract version is
 * unknown, or it is not a valid envelope. Also published on the dead-letter subject. An operator
 * lists these and replays one after fixing the cause (`DeadLetterService`).
 */
@Entity({ tableName: 'dead_letter' })
@Index({ properties: ['consumer', 'createdAt'] })
export class DeadLetter {
  [OptionalProps]?: 'id' | 'createdAt';

  @PrimaryKey({ type: 'uuid' })
  id: string = uuidv7();

  @Property({ type: 'string', length: 200 })
  consumer: string;

  /** Envelope id, when the message had a readable one. */
  @Property({ type: 'string', length: 100, nullable: true })
  eventId?: string;

  @Property({ type: 'string', length: 200, nullable: true })
  eventType?: string;

  @Property({ type: 'uuid', nullable: true })
  tenantId?: string;

  @Property({ type: 'string', length: 255 })
  subject: string;

  /** The message body exactly as received (usually a CloudEvents JSON envelope). */
  @Property({ type: 'text' })
  payload: string;

  /** Why it was dead-lettered (handler error message, unknown version, invalid envelope…). */
  @Property({ type: 'text' })
  reason: string;

  /** Deliveries attempted before giving up. */
  @Property({ type: 'integer' })
  attempts: number;

  @Property({ type: 'datetime', columnType: 'timestamptz' })
  createdAt: Date = new Date();

  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true })
  replayedAt?: Date;
}
