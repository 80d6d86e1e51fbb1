import { Logger } from '@nestjs/common';
import { backOff } from 'exponential-backoff';
import type { JetStreamClient } from 'nats';
import { Client, Pool } from 'pg';
import type { MessagingOptions } from '../messaging.options';
import { Naming } from '../nats/naming';

/** Counters the relay reports (wired to Prometheus by the module; optional in tests). */
export interface OutboxRelayMetrics {
  published(count: number): void;
  failed(): void;
}

interface OutboxRow {
  id: string;
  subject: string;
  envelope: unknown;
}

type RelayOptions = Pick<
  MessagingOptions,
  | 'schema'
  | 'databaseUrl'
  | 'outboxPollIntervalMs'
  | 'outboxBatchSize'
  | 'service'
  | 'subjectPrefix'
>;

/**
 * Publishes outbox rows to JetStream (ARCHITECTURE rule 1). Woken by the outbox trigger's
 * NOTIFY and by a polling fallback; each batch locks its rows with `FOR UPDATE SKIP LOCKED`
 * (so several replicas share the work), publishes them in id (time) order with the event id as
 * `Nats-Msg-Id` (JetStream drops a re-publish within the duplicate window), and stamps
 * `published_at` in the same transaction. While NATS is away it retries with exponential back-off
 * and jitter (0.2 s doubling to 30 s); rows stay in the outbox until they are acknowledged.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly pool: Pool;
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private wakeAgain = false;
  private stopping = false;
  /** The stream every row must land in (JetStream refuses the publish otherwise). */
  private readonly streamName: string;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: RelayOptions,
    private readonly metrics?: OutboxRelayMetrics,
  ) {
    this.pool = new Pool({
      connectionString: options.databaseUrl,
      max: 2,
      connectionTimeoutMillis: 3_000,
    });
    this.streamName = Naming.streamName(options.subjectPrefix, options.service);
    this.pool.on('error', (error) => this.logger.warn(`Outbox pool error: ${error.message}`));
  }

  /** Starts listening and polling, and drains what is already waiting. */
  async start(): Promise<void> {
    this.stopping = false;
    await this.listen().catch((error: Error) =>
      this.logger.warn(`LISTEN failed, polling only until it reconnects: ${error.message}`),
    );
    this.timer = setInterval(() => this.wake(), this.options.outboxPollIntervalMs);
    this.timer.unref();
    this.wake();
  }

  /** Stops waking up, waits for the batch in flight, and closes its connections. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = undefined;
    await this.pool.end().catch(() => undefined);
  }

  /** Asks for a drain now (coalesced with one already running). */
  wake(): void {
    if (this.stopping) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.drainWithRetry().finally(() => {
      this.draining = undefined;
      if (this.wakeAgain && !this.stopping) {
        this.wakeAgain = false;
        this.wake();
      }
    });
  }

  /** Resolves once no unpublished row is left (or the relay stops). For tests and shutdown. */
  async idle(): Promise<void> {
    while (this.draining) await this.draining.catch(() => undefined);
  }

  private async drainWithRetry(): Promise<void> {
    try {
      await backOff(() => this.drainAll(), {
        numOfAttempts: Number.MAX_SAFE_INTEGER,
        startingDelay: 200,
        timeMultiple: 2,
        maxDelay: 30_000,
        jitter: 'full',
        retry: (error: Error, attempt) => {
          this.metrics?.failed();
          if (attempt === 1 || attempt % 10 === 0) {
            this.logger.warn(
              `Outbox publish failed (attempt ${attempt}), retrying: ${error.message}`,
            );
          }
          return !this.stopping;
        },
      });
    } catch (error) {
      if (!this.stopping)
        this.logger.error(`Outbox relay stopped retrying: ${(error as Error).message}`);
    }
  }

  private async drainAll(): Promise<void> {
    while (!this.stopping && (await this.publishBatch()) === this.options.outboxBatchSize) {
      // a full batch: there may be more behind it
    }
  }

  /** Publishes one batch in one transaction; returns how many rows it published. */
  private async publishBatch(): Promise<number> {
    const table = `"${this.options.schema}"."outbox"`;
    const client = await this.pool.connect();
    const published: string[] = [];
    let failure: Error | undefined;
    try {
      await client.query('begin');
      const { rows } = await client.query<OutboxRow>(
        `select id, subject, envelope from ${table} where published_at is null
         order by id limit $1 for update skip locked`,
        [this.options.outboxBatchSize],
      );
      for (const row of rows) {
        try {
          await this.js.publish(row.subject, JSON.stringify(row.envelope), {
            msgID: row.id,
            expect: { streamName: this.streamName },
          });
          published.push(row.id);
        } catch (error) {
          failure = error as Error;
          await client.query(
            `update ${table} set attempts = attempts + 1, last_error = $2 where id = $1`,
            [row.id, failure.message.slice(0, 2000)],
          );
          break; // keep order: nothing after a failed row goes out before it
        }
      }
      if (published.length) {
        await client.query(
          `update ${table} set published_at = now(), attempts = attempts + 1 where id = any($1::uuid[])`,
          [published],
        );
      }
      await client.query('commit');
      if (published.length) this.metrics?.published(published.length);
      if (!failure) return rows.length;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    throw failure;
  }

  private async listen(): Promise<void> {
    const listener = new Client({ connectionString: this.options.databaseUrl });
    listener.on('notification', () => this.wake());
    listener.on('error', (error) => {
      this.logger.warn(`Outbox LISTEN connection lost: ${error.message}`);
      void listener.end().catch(() => undefined);
      if (this.listener === listener) this.listener = undefined;
      this.relisten();
    });
    await listener.connect();
    await listener.query(`listen "${Naming.outboxChannel(this.options.schema)}"`);
    this.listener = listener;
  }

  private relisten(): void {
    if (this.stopping) return;
    setTimeout(() => {
      if (this.stopping || this.listener) return;
      this.listen().catch(() => this.relisten());
    }, 2_000).unref();
  }
}
