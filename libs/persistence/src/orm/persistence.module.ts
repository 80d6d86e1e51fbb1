import {
  Global,
  Inject,
  Injectable,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { MikroORM, RequestContext as OrmRequestContext } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { ENV, HealthRegistry, type BaseEnv } from '@studioflow/platform';
import { createOrmOptions, type PersistenceOptions } from './orm-options';

const PERSISTENCE_OPTIONS = Symbol('PERSISTENCE_OPTIONS');

/**
 * Runs the committed migrations of one service against `databaseUrl` (creating its schema
 * first). Used by `npm run migrate`, the `migrate` command of each app and `MIGRATE_ON_BOOT`.
 * Returns the names of the migrations applied; throws when one fails (nothing is half-applied).
 */
export async function runMigrations(
  options: PersistenceOptions & { clientUrl: string },
): Promise<string[]> {
  const orm = await MikroORM.init(createOrmOptions(options));
  try {
    return await migrateWith(orm, options.schema);
  } finally {
    await orm.close(true);
  }
}

async function migrateWith(orm: MikroORM, schema: string): Promise<string[]> {
  await orm.em.getConnection().execute(`create schema if not exists "${schema}"`);
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}

/**
 * Runs `fn` with its own MikroORM identity map (a request-scoped fork of the global entity
 * manager), as every RPC handler, event handler and job must.
 */
export function withEntityManager<T>(orm: MikroORM, fn: () => Promise<T>): Promise<T> {
  return OrmRequestContext.create(orm.em, fn);
}

@Injectable()
class PersistenceLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Persistence');

  constructor(
    private readonly orm: MikroORM,
    @Inject(ENV) private readonly env: BaseEnv,
    @Inject(PERSISTENCE_OPTIONS) private readonly options: PersistenceOptions,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('postgres', async () => {
      await this.orm.em.getConnection().execute('select 1');
    });
    if (this.env.MIGRATE_ON_BOOT) {
      const applied = await migrateWith(this.orm, this.options.schema);
      this.logger.log(
        `Migrations applied on boot: ${applied.length ? applied.join(', ') : 'none'}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}

/**
 * MikroORM + PostgreSQL for one service: provides `MikroORM` and the (context-aware)
 * `EntityManager`, registers the `postgres` readiness check, runs migrations on boot when
 * `MIGRATE_ON_BOOT=true`, and closes the pool on shutdown. Needs `PlatformModule` (for `ENV`).
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: PersistenceModule,
      providers: [
        { provide: PERSISTENCE_OPTIONS, useValue: options },
        {
          provide: MikroORM,
          inject: [ENV],
          useFactory: (env: BaseEnv) =>
            MikroORM.init(
              createOrmOptions({
                ...options,
                clientUrl: env.DATABASE_URL,
                debug: env.LOG_LEVEL === 'trace',
              }),
            ),
        },
        { provide: EntityManager, inject: [MikroORM], useFactory: (orm: MikroORM) => orm.em },
        PersistenceLifecycle,
      ],
      exports: [MikroORM, EntityManager],
    };
  }
}
