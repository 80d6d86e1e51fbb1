import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  CLOUD_EVENTS_SPEC_VERSION,
  EVENT_CONTRACTS,
  dataSchemaUri,
  type CloudEvent,
  type EventMap,
  type EventType,
} from '@studioflow/contracts';
import { RequestContext, validationErrorsToFieldErrors } from '@studioflow/platform';
import { v7 as uuidv7 } from 'uuid';
import { MESSAGING_OPTIONS } from '../messaging.tokens';
import type { MessagingOptions } from '../messaging.options';
import { Naming } from '../nats/naming';
import { OutboxMessage } from './outbox-message.entity';

/** Thrown when a producer tries to publish a payload that breaks its own contract. */
export class InvalidEventPayloadError extends Error {
  constructor(type: string, details: string) {
    super(`Refusing to publish ${type}: ${details}`);
    this.name = InvalidEventPayloadError.name;
  }
}

/** Builds the CloudEvents envelope of `data` for the current request context. */
export function buildEnvelope<T extends EventType>(
  service: string,
  type: T,
  data: EventMap[T],
  subject?: string,
): CloudEvent<EventMap[T]> {
  const ctx = RequestContext.current();
  const contract = EVENT_CONTRACTS[type];
  const payloadClass = contract.versions[contract.current];
  const errors = validateSync(plainToInstance(payloadClass, data), { forbidUnknownValues: true });
  if (errors.length) {
    const details = validationErrorsToFieldErrors(errors)
      .map((e) => `${e.pointer} ${e.message}`)
      .join('; ');
    throw new InvalidEventPayloadError(type, details);
  }
  return {
    specversion: CLOUD_EVENTS_SPEC_VERSION,
    id: uuidv7(),
    source: `/studioflow/${service}`,
    type,
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: dataSchemaUri(type, contract.current),
    tenantid: RequestContext.requireTenantId(`publishing ${type}`),
    actor: ctx?.actorId,
    correlationid: ctx?.correlationId ?? uuidv7(),
    data,
  };
}

/**
 * The only way a service emits a domain event (ARCHITECTURE rule 1): `publish` validates the
 * payload against its contract and adds the envelope to the outbox of the current unit of work,
 * so it commits — or rolls back — with the caller's state change. The relay publishes it later.
 */
@Injectable()
export class EventPublisher {
  constructor(
    private readonly em: EntityManager,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
  ) {}

  /**
   * Queues event `type` with `data` (the current contract version) in the outbox.
   * `subject` is the aggregate id. Throws `MissingTenantContextError` without a tenant and
   * `InvalidEventPayloadError` when `data` breaks the contract. Returns the envelope.
   */
  publish<T extends EventType>(
    type: T,
    data: EventMap[T],
    subject?: string,
  ): CloudEvent<EventMap[T]> {
    const envelope = buildEnvelope(this.options.service, type, data, subject);
    const message = new OutboxMessage();
    message.id = envelope.id;
    message.tenantId = envelope.tenantid;
    message.type = type;
    message.subject = Naming.eventSubject(this.options.subjectPrefix, type);
    message.envelope = envelope;
    this.em.persist(message);
    return envelope;
  }
}
