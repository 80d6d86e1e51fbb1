import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { JetStreamClient } from 'nats';
import type { DeadLetterEntry, DeadLetterSink, EventProcessor } from '../consumer/event-processor';
import { Naming } from '../nats/naming';
import { DeadLetter } from './dead-letter.entity';

/** Thrown by `replay` when the dead letter does not exist or its consumer is not running here. */
export class DeadLetterNotFoundError extends Error {}

/** Filters of `DeadLetterService.list`. */
export interface DeadLetterQuery {
  consumer?: string;
  /** Include dead letters already replayed (default: only the pending ones). */
  includeReplayed?: boolean;
  limit?: number;
}

/**
 * Dead letters of one service (ARCHITECTURE rule 2): stores each given-up message with its
 * reason and attempts, publishes it on `deadletter.<service>.<type>` for operators' tooling,
 * lists them, and replays one through its consumer's normal path (inbox, transaction) once the
 * cause is fixed. Works across tenants: callers must restrict it to operators.
 */
export class DeadLetterService implements DeadLetterSink {
  private readonly logger = new Logger(DeadLetterService.name);
  private readonly processors = new Map<string, EventProcessor>();

  constructor(
    private readonly orm: MikroORM,
    private readonly js: JetStreamClient,
    private readonly service: string,
    private readonly subjectPrefix: string,
  ) {}

  /** Makes `processor` the one that replays the dead letters of `consumer`. */
  attach(consumer: string, processor: EventProcessor): void {
    this.processors.set(consumer, processor);
  }

  async record(entry: DeadLetterEntry): Promise<void> {
    const em = this.orm.em.fork() as EntityManager;
    const row = em.create(DeadLetter, {
      consumer: entry.consumer,
      subject: entry.subject,
      payload: entry.payload,
      reason: entry.reason,
      attempts: entry.attempts,
      eventId: typeof entry.envelope?.id === 'string' ? entry.envelope.id.slice(0, 100) : undefined,
      eventType:
        typeof entry.envelope?.type === 'string' ? entry.envelope.type.slice(0, 200) : undefined,
      tenantId: isUuid(entry.envelope?.tenantid) ? entry.envelope?.tenantid : undefined,
    });
    await em.flush();
    const type = row.eventType ?? 'unknown';
    await this.js
      .publish(Naming.deadLetterSubject(this.subjectPrefix, this.service, type), entry.payload, {
        msgID: `dl-${row.id}`,
      })
      .catch((error: Error) =>
        this.logger.warn(`Dead letter ${row.id} stored but not published: ${error.message}`),
      );
  }

  /** Dead letters, newest first. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const em = this.orm.em.fork();
    return em.find(
      DeadLetter,
      {
        ...(query.consumer ? { consumer: query.consumer } : {}),
        ...(query.includeReplayed ? {} : { replayedAt: null }),
      },
      { orderBy: { createdAt: 'desc' }, limit: Math.min(query.limit ?? 100, 500) },
    );
  }

  /**
   * Applies dead letter `id` again through its consumer; marks it replayed when that succeeds
   * (also when the event had meanwhile been applied). Throws `DeadLetterNotFoundError`, or what
   * the handler throws (the dead letter then stays pending).
   */
  async replay(id: string): Promise<{ applied: boolean }> {
    const em = this.orm.em.fork();
    const row = await em.findOne(DeadLetter, { id });
    if (!row) throw new DeadLetterNotFoundError(`No dead letter ${id}`);
    const processor = this.processors.get(row.consumer);
    if (!processor)
      throw new DeadLetterNotFoundError(`Consumer ${row.consumer} does not run in ${this.service}`);
    const applied = await processor.replay(row.payload);
    row.replayedAt = new Date();
    await em.flush();
    return { applied };
  }
}

function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}
