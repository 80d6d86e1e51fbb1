import { MikroORM } from '@mikro-orm/postgresql';
import type { CloudEvent, LeadConvertedV1 } from '@studioflow/contracts';
import { createOrmOptions, runMigrations, withEntityManager } from '@studioflow/persistence';
import { RequestContext } from '@studioflow/platform';
import {
  createTestDatabase,
  removeNatsStreams,
  testInfrastructure,
  uniquePrefix,
  type TestDatabase,
} from '@studioflow/testing';
import type { NatsConnection } from 'nats';
import { v7 as uuidv7 } from 'uuid';
import {
  DeadLetterService,
  DurableConsumer,
  EventProcessor,
  EventPublisher,
  Naming,
  OutboxRelay,
  connectNats,
  ensureStream,
  messagingPersistence,
  type EventProcessorHooks,
  type MessagingOptions,
} from '../../src';
import { Tally, TallyMigration } from './tally.entity';

const SCHEMA = 'mtest';

/** Overrides for one test file's harness. */
export interface HarnessOptions {
  natsUrl?: string;
  maxDeliver?: number;
  backoffMs?: number[];
  ackWaitMs?: number;
}

/**
 * Real PostgreSQL (own database), real NATS JetStream (own prefix) and the messaging pieces
 * wired by hand: `crm` publishes `crm.lead.converted` through the outbox; a `projects`
 * consumer counts applications per lead in `tally`.
 */
export class MessagingHarness {
  readonly tenantId = uuidv7();
  readonly outcomes: string[] = [];
  publisher!: EventPublisher;
  relay!: OutboxRelay;
  deadLetters!: DeadLetterService;
  orm!: MikroORM;
  nc!: NatsConnection;
  options!: MessagingOptions;
  private db!: TestDatabase;
  private consumers: DurableConsumer[] = [];
  private sharedNatsUrl!: string;

  static async create(overrides: HarnessOptions = {}): Promise<MessagingHarness> {
    const harness = new MessagingHarness();
    await harness.init(overrides);
    return harness;
  }

  private async init(overrides: HarnessOptions): Promise<void> {
    const infra = await testInfrastructure();
    this.sharedNatsUrl = overrides.natsUrl ?? infra.natsUrl;
    this.db = await createTestDatabase(infra.databaseUrl);
    this.options = {
      service: 'crm',
      schema: SCHEMA,
      natsUrl: this.sharedNatsUrl,
      databaseUrl: this.db.url,
      subjectPrefix: uniquePrefix(),
      streamReplicas: 1,
      duplicateWindowMs: 120_000,
      maxDeliver: overrides.maxDeliver ?? 3,
      ackWaitMs: overrides.ackWaitMs ?? 2_000,
      backoffMs: overrides.backoffMs ?? [50, 100],
      outboxPollIntervalMs: 200,
      outboxBatchSize: 50,
    };
    const persistence = {
      schema: SCHEMA,
      entities: [...messagingPersistence.entities, Tally],
      migrations: [
        ...messagingPersistence.migrations,
        { name: 'Migration20261122000900_tally', class: TallyMigration },
      ],
    };
    await runMigrations({ ...persistence, clientUrl: this.db.url });
    this.orm = await MikroORM.init(createOrmOptions({ ...persistence, clientUrl: this.db.url }));
    this.nc = await connectNats(this.sharedNatsUrl, 'messaging-test');
    const jsm = await this.nc.jetstreamManager();
    const prefix = this.options.subjectPrefix;
    await ensureStream(jsm, {
      name: Naming.streamName(prefix, 'crm'),
      subjects: Naming.streamSubjects(prefix, 'crm'),
      replicas: 1,
      duplicateWindowMs: 120_000,
    });
    await ensureStream(jsm, {
      name: Naming.deadLetterStream(prefix),
      subjects: [Naming.eventSubject(prefix, 'deadletter.>')],
      replicas: 1,
      duplicateWindowMs: 120_000,
    });
    this.publisher = new EventPublisher(this.orm.em, this.options);
    this.relay = new OutboxRelay(this.nc.jetstream(), this.options);
    this.deadLetters = new DeadLetterService(this.orm, this.nc.jetstream(), 'projects', prefix);
  }

  /** Runs `fn` as a request of the harness tenant with its own identity map. */
  asTenant<T>(fn: () => Promise<T>): Promise<T> {
    return RequestContext.run({ tenantId: this.tenantId, actorId: 'user-1' }, () =>
      withEntityManager(this.orm, fn),
    );
  }

  /** A valid `crm.lead.converted` v1 payload. */
  leadConverted(leadId = uuidv7()): LeadConvertedV1 {
    return {
      leadId,
      clientId: uuidv7(),
      clientName: 'Menon & Sons',
      projectName: 'Residence at Kakkanad',
      siteAddress: 'Kakkanad, Kochi',
      feeEstimate: { amount: '1250000.00', currency: 'INR' },
    };
  }

  /** Commits a `tally` row for `key` and its event in one transaction. */
  async publishConverted(leadId = uuidv7()): Promise<CloudEvent<LeadConvertedV1>> {
    return this.asTenant(() =>
      this.orm.em.transactional(async (em) => {
        em.create(Tally, { key: `source:${leadId}` });
        return this.publisher.publish('crm.lead.converted', this.leadConverted(leadId), leadId);
      }),
    );
  }

  /** Starts a `projects` consumer of `crm.lead.converted` whose handler is `handler` (default: count). */
  async startConsumer(
    handler: (event: CloudEvent<LeadConvertedV1>) => Promise<void> = (event) =>
      this.count(event.data.leadId),
    hooks: EventProcessorHooks = {},
  ): Promise<DurableConsumer> {
    const durable = Naming.durableName('projects', 'crm.lead.converted');
    const processor = new EventProcessor<'crm.lead.converted'>(
      this.orm,
      {
        consumer: durable,
        type: 'crm.lead.converted',
        maxDeliver: this.options.maxDeliver,
        backoffMs: this.options.backoffMs,
      },
      handler,
      this.deadLetters,
      {
        ...hooks,
        outcome: (outcome, type) => {
          this.outcomes.push(outcome);
          hooks.outcome?.(outcome, type);
        },
      },
    );
    this.deadLetters.attach(durable, processor);
    const consumer = new DurableConsumer(
      this.nc.jetstream(),
      await this.nc.jetstreamManager(),
      {
        stream: Naming.streamName(this.options.subjectPrefix, 'crm'),
        durable,
        filterSubject: Naming.eventSubject(this.options.subjectPrefix, 'crm.lead.converted'),
        maxDeliver: this.options.maxDeliver,
        ackWaitMs: this.options.ackWaitMs,
      },
      processor,
    );
    consumer.start();
    this.consumers.push(consumer);
    return consumer;
  }

  /** Handler effect: increments the tally of `leadId` in the current transaction. */
  async count(leadId: string): Promise<void> {
    const em = this.orm.em;
    const tally = (await em.findOne(Tally, { key: leadId })) ?? em.create(Tally, { key: leadId });
    tally.applied += 1;
  }

  /** How many times `leadId` was applied. */
  async applied(leadId: string): Promise<number> {
    return this.asTenant(
      async () => (await this.orm.em.findOne(Tally, { key: leadId }))?.applied ?? 0,
    );
  }

  /** Messages stored in the `crm` stream of this harness. */
  async streamMessages(): Promise<number> {
    const jsm = await this.nc.jetstreamManager();
    const info = await jsm.streams.info(Naming.streamName(this.options.subjectPrefix, 'crm'));
    return info.state.messages;
  }

  /** Rows still waiting in the outbox. */
  async unpublished(): Promise<number> {
    const [row] = await this.orm.em
      .fork()
      .getConnection()
      .execute<{ n: string }[]>(
        `select count(*) as n from "${SCHEMA}"."outbox" where published_at is null`,
      );
    return Number(row.n);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay?.stop();
    await this.nc?.close();
    await this.orm?.close(true);
    await this.db?.drop();
    await removeNatsStreams(this.sharedNatsUrl, this.options.subjectPrefix);
  }
}
