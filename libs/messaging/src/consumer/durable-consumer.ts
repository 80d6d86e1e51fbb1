import { Logger } from '@nestjs/common';
import {
  AckPolicy,
  DeliverPolicy,
  ReplayPolicy,
  nanos,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
} from 'nats';
import type { EventProcessor } from './event-processor';

/** Where a durable consumer reads from and how deliveries are bounded. */
export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  maxDeliver: number;
  ackWaitMs: number;
  /** Messages pulled ahead of processing (processing itself is one at a time). */
  batch?: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One durable JetStream pull consumer (ARCHITECTURE rule 2): explicit ack, `ack_wait` and
 * `max_deliver` from the spec, created or updated at start. Back-off is applied by the processor
 * as the delay of each `nak`; the consumer-level `backoff` list is deliberately not used, because
 * JetStream then replaces `ack_wait` with its first entry and a slow handler would be redelivered
 * while still running. A crash before the ack is redelivered after `ack_wait`. Replicas of a
 * service share the durable, so each event is handled by one of them. Messages are processed one
 * at a time, in order. Waits (retrying) for the producer's stream when it does not exist yet.
 */
export class DurableConsumer {
  private readonly logger = new Logger(DurableConsumer.name);
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private inFlight?: Promise<void>;
  private stopping = false;

  constructor(
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly spec: DurableConsumerSpec,
    private readonly processor: EventProcessor,
  ) {}

  /** Ensures the consumer exists and starts processing in the background. */
  start(): void {
    this.stopping = false;
    this.loop = this.run();
  }

  /** Stops pulling, lets the message being processed finish (and be acked), then returns. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.messages?.stop();
    await this.inFlight?.catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }

  private async run(): Promise<void> {
    let announcedWait = false;
    while (!this.stopping) {
      try {
        await this.ensure();
        const consumer = await this.js.consumers.get(this.spec.stream, this.spec.durable);
        this.messages = await consumer.consume({ max_messages: this.spec.batch ?? 32 });
        for await (const msg of this.messages) {
          if (this.stopping) break; // not acked: redelivered to another replica after ack_wait
          this.inFlight = this.processor.process(msg);
          await this.inFlight;
        }
      } catch (error) {
        if (this.stopping) break;
        const message = (error as Error).message;
        if (!announcedWait || !/stream not found/i.test(message)) {
          this.logger.warn(`${this.spec.durable}: consumer not running yet (${message}); retrying`);
          announcedWait = true;
        }
        await sleep(1_000);
      }
    }
  }

  private async ensure(): Promise<void> {
    const config = {
      durable_name: this.spec.durable,
      filter_subject: this.spec.filterSubject,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      replay_policy: ReplayPolicy.Instant,
      ack_wait: nanos(this.spec.ackWaitMs),
      max_deliver: this.spec.maxDeliver,
      max_ack_pending: 1_000,
    };
    const existing = await this.jsm.consumers
      .info(this.spec.stream, this.spec.durable)
      .catch(() => undefined);
    if (existing) {
      await this.jsm.consumers.update(this.spec.stream, this.spec.durable, {
        ack_wait: config.ack_wait,
        max_deliver: config.max_deliver,
        max_ack_pending: config.max_ack_pending,
      });
    } else {
      await this.jsm.consumers.add(this.spec.stream, config);
    }
  }
}
