import { SetMetadata } from '@nestjs/common';
import type { CloudEvent, EventMap, EventType } from '@studioflow/contracts';

/** Metadata key of `@OnEvent`. */
export const ON_EVENT = Symbol('ON_EVENT');

/**
 * Declares a provider method as the handler of event `type`. The method receives the validated
 * envelope and runs inside the consumer's inbox transaction, with the event's tenant, actor and
 * correlation id as the request context; the injected `EntityManager` joins that transaction.
 * Each handler gets its own durable consumer `<service>__<type>`. Type-checked against `EventMap`.
 */
export function OnEvent<T extends EventType>(type: T) {
  return <K extends string | symbol>(
    target: object,
    key: K,
    descriptor: TypedPropertyDescriptor<(event: CloudEvent<EventMap[T]>) => Promise<void>>,
  ) => SetMetadata(ON_EVENT, type)(target, key, descriptor);
}
