import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { MikroORM } from '@mikro-orm/core';
import { producerOf, type EventType } from '@studioflow/contracts';
import { ENV, HealthRegistry, MetricsService, type BaseEnv } from '@studioflow/platform';
import { connect, type NatsConnection } from 'nats';
import { DurableConsumer } from './consumer/durable-consumer';
import { EventProcessor, type EventHandler } from './consumer/event-processor';
import { ON_EVENT } from './consumer/on-event.decorator';
import { DeadLetterService } from './inbox/dead-letter.service';
import { messagingOptionsFromEnv, type MessagingOptions } from './messaging.options';
import { MESSAGING_OPTIONS, NATS_CONNECTION } from './messaging.tokens';
import { Naming } from './nats/naming';
import { ensureStream } from './nats/streams';
import { EventPublisher } from './outbox/event-publisher';
import { OutboxRelay } from './outbox/outbox-relay';
import { RpcClient } from './rpc/rpc-client';

/**
 * Opens the NATS connection of a service: reconnects forever, named after the service.
 * Throws when NATS cannot be reached at boot (the orchestrator restarts the process).
 */
export function connectNats(natsUrl: string, name: string): Promise<NatsConnection> {
  return connect({
    servers: natsUrl,
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 1_000,
    pingInterval: 10_000,
  });
}

@Injectable()
class MessagingRuntime implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private readonly consumers: DurableConsumer[] = [];
  private relay?: OutboxRelay;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    @Inject(NATS_CONNECTION) private readonly nc: NatsConnection,
    private readonly orm: MikroORM,
    private readonly deadLetters: DeadLetterService,
    private readonly health: HealthRegistry,
    private readonly metrics: MetricsService,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('nats', async () => {
      if (this.nc.isClosed()) throw new Error('NATS connection closed');
      await this.nc.flush();
    });
    const { subjectPrefix: prefix, service } = this.options;
    const jsm = await this.nc.jetstreamManager();
    const common = {
      replicas: this.options.streamReplicas,
      duplicateWindowMs: this.options.duplicateWindowMs,
    };
    await ensureStream(jsm, {
      name: Naming.streamName(prefix, service),
      subjects: Naming.streamSubjects(prefix, service),
      ...common,
    });
    await ensureStream(jsm, {
      name: Naming.deadLetterStream(prefix),
      subjects: [Naming.eventSubject(prefix, 'deadletter.>')],
      ...common,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const published = this.metrics.counter(
      'outbox_published_total',
      'Events published from the outbox',
      [],
    );
    const failures = this.metrics.counter(
      'outbox_publish_failures_total',
      'Failed outbox publish attempts',
      [],
    );
    const outcomes = this.metrics.counter('events_consumed_total', 'Event deliveries by outcome', [
      'type',
      'outcome',
    ]);
    const js = this.nc.jetstream();
    this.relay = new OutboxRelay(js, this.options, {
      published: (n) => published.inc(n),
      failed: () => failures.inc(),
    });
    await this.relay.start();

    const jsm = await this.nc.jetstreamManager();
    for (const { type, handler } of this.discoverHandlers()) {
      const { service, subjectPrefix: prefix } = this.options;
      const durable = Naming.durableName(service, type);
      const processor = new EventProcessor(
        this.orm,
        {
          consumer: durable,
          type,
          maxDeliver: this.options.maxDeliver,
          backoffMs: this.options.backoffMs,
        },
        handler,
        this.deadLetters,
        { outcome: (outcome, t) => outcomes.inc({ type: t, outcome }) },
      );
      this.deadLetters.attach(durable, processor);
      const consumer = new DurableConsumer(
        js,
        jsm,
        {
          stream: Naming.streamName(prefix, producerOf(type)),
          durable,
          filterSubject: Naming.eventSubject(prefix, type),
          maxDeliver: this.options.maxDeliver,
          ackWaitMs: this.options.ackWaitMs,
        },
        processor,
      );
      consumer.start();
      this.consumers.push(consumer);
      this.logger.log(`Consuming ${type} as ${durable}`);
    }
  }

  /** Stop taking work, finish what is in flight, publish nothing new, drain NATS. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
    await this.relay?.stop();
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => undefined);
  }

  private discoverHandlers(): { type: EventType; handler: EventHandler }[] {
    const found: { type: EventType; handler: EventHandler }[] = [];
    for (const wrapper of this.discovery.getProviders()) {
      const instance = wrapper.instance as Record<string, unknown> | undefined;
      if (!instance || typeof instance !== 'object' || !wrapper.isDependencyTreeStatic()) continue;
      const prototype = Object.getPrototypeOf(instance) as object;
      for (const method of this.scanner.getAllMethodNames(prototype)) {
        const fn = instance[method];
        if (typeof fn !== 'function') continue;
        const type = this.reflector.get<EventType | undefined>(ON_EVENT, fn as () => unknown);
        if (type) found.push({ type, handler: (fn as EventHandler).bind(instance) });
      }
    }
    return found;
  }
}

/**
 * Reliable events and RPC for one service: the NATS connection (`NATS_CONNECTION`), its
 * JetStream stream (created or updated at boot), the `EventPublisher` (outbox), the outbox relay,
 * one durable consumer per `@OnEvent` handler, dead letters (`DeadLetterService`), the `RpcClient`
 * and the `nats` readiness check. Needs `PlatformModule` and `PersistenceModule`; the service's
 * migrations must include `MessagingMigration` (see `messagingPersistence`).
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: { service: string; schema: string }): DynamicModule {
    return {
      module: MessagingModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          inject: [ENV],
          useFactory: (env: BaseEnv) =>
            messagingOptionsFromEnv(options.service, options.schema, env),
        },
        {
          provide: NATS_CONNECTION,
          inject: [MESSAGING_OPTIONS],
          useFactory: (o: MessagingOptions) => connectNats(o.natsUrl, o.service),
        },
        {
          provide: DeadLetterService,
          inject: [MikroORM, NATS_CONNECTION, MESSAGING_OPTIONS],
          useFactory: (orm: MikroORM, nc: NatsConnection, o: MessagingOptions) =>
            new DeadLetterService(orm, nc.jetstream(), o.service, o.subjectPrefix),
        },
        EventPublisher,
        RpcClient,
        MessagingRuntime,
      ],
      exports: [MESSAGING_OPTIONS, NATS_CONNECTION, EventPublisher, RpcClient, DeadLetterService],
    };
  }
}
