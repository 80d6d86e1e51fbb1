import { Logger } from '@nestjs/common';
import type { MikroORM } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import {
  EVENT_CONTRACTS,
  parseDataSchemaVersion,
  type CloudEvent,
  type EventMap,
  type EventType,
} from '@studioflow/contracts';
import { RequestContext, validationErrorsToFieldErrors } from '@studioflow/platform';
import { withEntityManager } from '@studioflow/persistence';
import type { JsMsg } from 'nats';
import { InboxEntry } from '../inbox/inbox-entry.entity';

/** A handler of one event type; it runs inside the inbox transaction. */
export type EventHandler<T extends EventType = EventType> = (
  event: CloudEvent<EventMap[T]>,
) => Promise<void>;

/** A message a consumer gave up on: where it came from, its body as received, and why. */
export interface DeadLetterEntry {
  consumer: string;
  subject: string;
  payload: string;
  reason: string;
  attempts: number;
  /** The parsed envelope, when the body was one. */
  envelope?: Partial<CloudEvent>;
}

/** Where a message the consumer gives up on goes (see `DeadLetterService.record`). */
export interface DeadLetterSink {
  record(entry: DeadLetterEntry): Promise<void>;
}

/** Optional observation points (metrics, and tests that simulate a crash before the ack). */
export interface EventProcessorHooks {
  /** After the handler's transaction committed, before the ack. Throwing skips the ack. */
  afterCommit?: (event: CloudEvent) => Promise<void> | void;
  /** Outcome of each delivery. */
  outcome?: (outcome: 'applied' | 'duplicate' | 'retry' | 'dead_letter', type: string) => void;
}

/** Settings of one durable consumer. */
export interface EventProcessorOptions {
  /** Durable consumer name; also the inbox key. */
  consumer: string;
  type: EventType;
  maxDeliver: number;
  backoffMs: number[];
}

/** Raised for messages that can never succeed, so they are dead-lettered without retries. */
class UnprocessableEvent extends Error {}

/**
 * Applies one delivered event exactly once (ARCHITECTURE rule 2): checks the envelope and that
 * its contract version is one this consumer knows (else dead letter, with the reason), validates
 * the data, then — inside one transaction — inserts the inbox row and runs the handler, and acks
 * only after that commits. A redelivery finds the inbox row and is acked without effect. A failing
 * handler is retried with `nak(backoff)` until `max_deliver`, then dead-lettered and terminated.
 */
export class EventProcessor<T extends EventType = EventType> {
  private readonly logger = new Logger(EventProcessor.name);

  constructor(
    private readonly orm: MikroORM,
    private readonly options: EventProcessorOptions,
    private readonly handler: EventHandler<T>,
    private readonly deadLetters: DeadLetterSink,
    private readonly hooks: EventProcessorHooks = {},
  ) {}

  /** Processes one JetStream message: ack, nak (retry later) or term (dead letter). */
  async process(msg: JsMsg): Promise<void> {
    const payload = msg.string();
    const attempts = msg.info.deliveryCount;
    let envelope: Partial<CloudEvent> | undefined;
    try {
      envelope = this.parseEnvelope(payload);
      const { event } = await this.apply(envelope);
      await this.hooks.afterCommit?.(event);
      await msg.ackAck();
    } catch (error) {
      const err = error as Error;
      const unprocessable = err instanceof UnprocessableEvent;
      if (unprocessable || attempts >= this.options.maxDeliver) {
        await this.deadLetter(msg, payload, envelope, err, attempts);
        return;
      }
      const delay =
        this.options.backoffMs[Math.min(attempts - 1, this.options.backoffMs.length - 1)] ?? 0;
      this.logger.warn(
        `${this.options.consumer}: delivery ${attempts}/${this.options.maxDeliver} of ${envelope?.id ?? '?'} failed, retrying in ${delay} ms: ${err.message}`,
      );
      this.hooks.outcome?.('retry', this.options.type);
      msg.nak(delay);
    }
  }

  /**
   * Applies a stored message body again (dead-letter replay): the same checks, inbox and
   * transaction as a delivery. Returns whether it had an effect (false: already applied).
   * Throws what the checks or the handler throw.
   */
  async replay(payload: string): Promise<boolean> {
    const { applied } = await this.apply(this.parseEnvelope(payload));
    return applied;
  }

  private async apply(
    envelope: Partial<CloudEvent>,
  ): Promise<{ event: CloudEvent<EventMap[T]>; applied: boolean }> {
    const event = await this.decode(envelope);
    const applied = await RequestContext.run(
      {
        tenantId: event.tenantid,
        actorId: event.actor,
        correlationId: event.correlationid,
        roles: [],
      },
      () => withEntityManager(this.orm, () => this.applyOnce(event)),
    );
    this.hooks.outcome?.(applied ? 'applied' : 'duplicate', this.options.type);
    return { event, applied };
  }

  private async applyOnce(event: CloudEvent<EventMap[T]>): Promise<boolean> {
    const em = this.orm.em as EntityManager;
    return em.transactional(async (tx) => {
      const inserted = await tx
        .createQueryBuilder(InboxEntry)
        .insert({
          consumer: this.options.consumer,
          eventId: event.id,
          eventType: event.type,
          tenantId: event.tenantid,
          processedAt: new Date(),
        })
        .onConflict(['consumer', 'eventId'])
        .ignore()
        .execute('run');
      if (!inserted.affectedRows) return false;
      await this.handler(event);
      return true;
    });
  }

  private parseEnvelope(payload: string): Partial<CloudEvent> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(payload);
    } catch {
      throw new UnprocessableEvent('not a JSON CloudEvents envelope');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UnprocessableEvent('not a JSON CloudEvents envelope');
    }
    return parsed as Partial<CloudEvent>;
  }

  private async decode(envelope: Partial<CloudEvent>): Promise<CloudEvent<EventMap[T]>> {
    const { type } = this.options;
    const missing = (['id', 'type', 'tenantid', 'dataschema', 'correlationid'] as const).filter(
      (key) => typeof envelope[key] !== 'string' || !envelope[key],
    );
    if (missing.length) throw new UnprocessableEvent(`envelope lacks ${missing.join(', ')}`);
    if (envelope.type !== type) {
      throw new UnprocessableEvent(`envelope type ${envelope.type} on the ${type} consumer`);
    }
    const contract = EVENT_CONTRACTS[type];
    const version = parseDataSchemaVersion(type, envelope.dataschema);
    const payloadClass = version === undefined ? undefined : contract.versions[version];
    if (!payloadClass) {
      const known = Object.keys(contract.versions)
        .map((v) => `v${v}`)
        .join(', ');
      throw new UnprocessableEvent(
        `unsupported contract version: dataschema ${envelope.dataschema} (this consumer knows ${type} ${known})`,
      );
    }
    const data = plainToInstance(payloadClass, envelope.data ?? {});
    const errors = await validate(data, { forbidUnknownValues: true });
    if (errors.length) {
      const details = validationErrorsToFieldErrors(errors)
        .map((e) => `${e.pointer} ${e.message}`)
        .join('; ');
      throw new UnprocessableEvent(`invalid data: ${details}`);
    }
    return { ...(envelope as CloudEvent), data: data as EventMap[T] };
  }

  private async deadLetter(
    msg: JsMsg,
    payload: string,
    envelope: Partial<CloudEvent> | undefined,
    error: Error,
    attempts: number,
  ): Promise<void> {
    const reason =
      error instanceof UnprocessableEvent ? error.message : `handler failed: ${error.message}`;
    this.logger.error(
      `${this.options.consumer}: dead-lettering ${envelope?.id ?? msg.subject} after ${attempts} deliveries: ${reason}`,
    );
    try {
      await this.deadLetters.record({
        consumer: this.options.consumer,
        subject: msg.subject,
        payload,
        reason,
        attempts,
        envelope,
      });
    } catch (recordError) {
      // Could not store it (database away?). Nak so that, if deliveries remain, it comes back;
      // past max_deliver JetStream keeps it in the stream and raises a MAX_DELIVERIES advisory.
      this.logger.error(
        `${this.options.consumer}: could not store dead letter: ${(recordError as Error).message}`,
      );
      msg.nak(this.options.backoffMs.at(-1) ?? 1_000);
      return;
    }
    this.hooks.outcome?.('dead_letter', this.options.type);
    msg.term(reason.slice(0, 200));
  }
}
