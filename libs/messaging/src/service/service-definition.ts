import { Module, type DynamicModule, type ModuleMetadata } from '@nestjs/common';
import type { Constructor, MigrationObject } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/core';
import { PersistenceModule, runMigrations, type PersistenceOptions } from '@studioflow/persistence';
import {
  PlatformModule,
  RedisModule,
  createServiceApp,
  loadEnv,
  runService,
  type BaseEnv,
} from '@studioflow/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { messagingPersistence } from '../messaging.persistence';
import { MessagingModule } from '../messaging.module';
import { connectRpcServer } from '../rpc/rpc-server';

/** Everything that differs between two StudioFlow services. */
export interface ServiceDefinition<E extends BaseEnv> {
  /** `gateway`, `crm`, `projects`, `finance` or `notifications`. */
  service: string;
  /** The PostgreSQL schema it owns. */
  schema: string;
  envClass: new () => E;
  /** Its own entities and migrations (outbox, inbox, dead letters and audit log are added). */
  entities: Constructor<object>[];
  migrations: MigrationObject[];
  /** Whether it uses Redis (adds the connection and the `redis` readiness check). */
  redis?: boolean;
  /** Whether it answers NATS requests (`@MessagePattern` handlers); the gateway does not. */
  rpcServer?: boolean;
  /** Its feature modules. */
  imports?: (env: E) => ModuleMetadata['imports'];
}

function persistenceOf<E extends BaseEnv>(def: ServiceDefinition<E>): PersistenceOptions {
  return {
    schema: def.schema,
    entities: [...messagingPersistence.entities, ...def.entities],
    migrations: [...messagingPersistence.migrations, ...def.migrations],
  };
}

@Module({})
class ServiceRootModule {}

/**
 * The root module of a service: platform (config, logs, health, metrics, problem details),
 * persistence in its schema, messaging (outbox, relay, consumers, RPC client), Redis when used,
 * and its feature modules.
 */
export function serviceModule<E extends BaseEnv>(def: ServiceDefinition<E>, env: E): DynamicModule {
  return {
    module: ServiceRootModule,
    imports: [
      PlatformModule.forRoot({ service: def.service, env }),
      PersistenceModule.forRoot(persistenceOf(def)),
      MessagingModule.forRoot({ service: def.service, schema: def.schema }),
      ...(def.redis ? [RedisModule.forRoot()] : []),
      ...(def.imports?.(env) ?? []),
    ],
  };
}

function configure<E extends BaseEnv>(def: ServiceDefinition<E>) {
  return (app: NestFastifyApplication, env: E) => {
    if (def.rpcServer === false) return;
    connectRpcServer(app, { natsUrl: env.NATS_URL, service: def.service, orm: app.get(MikroORM) });
  };
}

/**
 * `main.ts` of every service: validates the environment (one line naming each bad variable, exit
 * 1), runs `migrate` when given as the first argument, otherwise boots the service with graceful
 * shutdown (see `runService`).
 */
export function runStudioflowService<E extends BaseEnv>(def: ServiceDefinition<E>): void {
  runService({
    service: def.service,
    envClass: def.envClass,
    module: (env: E) => serviceModule(def, env),
    configure: configure(def),
    commands: {
      migrate: async (env: E) => {
        const applied = await runMigrations({
          ...persistenceOf(def),
          clientUrl: env.DATABASE_URL,
        });
        process.stdout.write(
          `${def.service}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}\n`,
        );
      },
    },
  });
}

/**
 * Boots a service in-process for tests (no listening socket, no signal handlers) with the
 * environment `source` (validated like at boot; throws `EnvValidationError`).
 */
export function createStudioflowServiceApp<E extends BaseEnv>(
  def: ServiceDefinition<E>,
  source: Record<string, string | undefined>,
): Promise<NestFastifyApplication> {
  return createServiceApp({
    service: def.service,
    env: loadEnv(def.envClass, source),
    module: (env: E) => serviceModule(def, env),
    configure: configure(def),
  });
}
