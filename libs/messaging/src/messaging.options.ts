import type { BaseEnv } from '@studioflow/platform';

/** Settings of one service's messaging: JetStream naming, delivery policy and outbox relay. */
export interface MessagingOptions {
  /** Producing/consuming service, e.g. `crm`; names its stream and durable consumers. */
  service: string;
  /** PostgreSQL schema holding this service's outbox, inbox and dead letters. */
  schema: string;
  natsUrl: string;
  /** PostgreSQL URL the outbox relay LISTENs on and reads from. */
  databaseUrl: string;
  /**
   * Prepended to every subject and stream name (`<prefix>.crm.lead.converted`,
   * `<prefix>_CRM`); empty in production, unique per test file so files run in parallel.
   */
  subjectPrefix: string;
  /** JetStream stream replicas (3 in a clustered production deployment). */
  streamReplicas: number;
  /** JetStream `duplicate_window` in ms: how long a `Nats-Msg-Id` is remembered. */
  duplicateWindowMs: number;
  /** Consumer `max_deliver`: deliveries before an event is dead-lettered. */
  maxDeliver: number;
  /** Consumer `ack_wait` in ms: how long a delivery may stay unacknowledged. */
  ackWaitMs: number;
  /**
   * Redelivery delays in ms after a failed or unacknowledged delivery (consumer `backoff`,
   * and the delay of a `nak`); fewer entries than `maxDeliver`, the last one repeats.
   */
  backoffMs: number[];
  /** How often the relay polls the outbox when no NOTIFY arrives (fallback), in ms. */
  outboxPollIntervalMs: number;
  /** Outbox rows published per relay transaction. */
  outboxBatchSize: number;
}

/** Default redelivery schedule: 1 s, 5 s, 15 s, 30 s (then 30 s again up to `maxDeliver`). */
export const DEFAULT_BACKOFF_MS = [1_000, 5_000, 15_000, 30_000];

/** Messaging options of `service` from the validated environment. */
export function messagingOptionsFromEnv(
  service: string,
  schema: string,
  env: BaseEnv,
): MessagingOptions {
  return {
    service,
    schema,
    natsUrl: env.NATS_URL,
    databaseUrl: env.DATABASE_URL,
    subjectPrefix: env.EVENT_SUBJECT_PREFIX,
    streamReplicas: env.NATS_STREAM_REPLICAS,
    duplicateWindowMs: env.NATS_DUPLICATE_WINDOW_MS,
    maxDeliver: env.CONSUMER_MAX_DELIVER,
    ackWaitMs: env.CONSUMER_ACK_WAIT_MS,
    backoffMs: DEFAULT_BACKOFF_MS.slice(0, Math.max(0, env.CONSUMER_MAX_DELIVER - 1)),
    outboxPollIntervalMs: env.OUTBOX_POLL_INTERVAL_MS,
    outboxBatchSize: 100,
  };
}
