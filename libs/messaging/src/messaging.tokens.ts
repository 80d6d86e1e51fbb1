/** Injection token of the service's `MessagingOptions`. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** Injection token of the service's NATS connection (`nats` `NatsConnection`). */
export const NATS_CONNECTION = Symbol('NATS_CONNECTION');
