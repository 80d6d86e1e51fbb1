import type { Constructor, MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { AuditLogEntry } from '../audit/audit-log.entity';
import { AuditSubscriber } from '../audit/audit.subscriber';
import { TenantScopedEntity } from '../entity/base.entity';
import { AuditLogMigration } from '../migrations/audit-log.migration';
import { TENANT_FILTER, tenantFilter } from '../tenancy/tenant-filter';
import { TenantSubscriber } from '../tenancy/tenant.subscriber';

/** What one service's persistence is made of. */
export interface PersistenceOptions {
  /** The PostgreSQL schema this service owns, e.g. `crm` (ARCHITECTURE: one schema per service). */
  schema: string;
  /** The service's entity classes (explicit list: the apps are bundled, so no folder globbing). */
  entities: Constructor<object>[];
  /**
   * The service's migrations, oldest first, including library-owned ones it uses (outbox, inbox
   * and dead letters from `@studioflow/messaging`). The audit-log migration is prepended here.
   */
  migrations: MigrationObject[];
}

/** The audit-trail entity and migration every service gets. */
const auditPersistence: { entities: Constructor<object>[]; migrations: MigrationObject[] } = {
  entities: [AuditLogEntry],
  migrations: [{ name: AuditLogMigration.migrationName, class: AuditLogMigration }],
};

/**
 * MikroORM options for one service: PostgreSQL at `clientUrl`, tables in `options.schema`,
 * the tenant filter and subscribers, and the committed migrations (never generated at run time).
 * Pool acquisition is bounded (5 s) so a database that went away fails fast instead of hanging.
 */
export function createOrmOptions(
  options: PersistenceOptions & { clientUrl: string; debug?: boolean },
): Options {
  return defineConfig({
    clientUrl: options.clientUrl,
    schema: options.schema,
    entities: [TenantScopedEntity, ...auditPersistence.entities, ...options.entities],
    discovery: { warnWhenNoEntities: false, requireEntitiesArray: true },
    filters: { [TENANT_FILTER]: tenantFilter },
    subscribers: [new TenantSubscriber(), new AuditSubscriber()],
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
      migrationsList: [...auditPersistence.migrations, ...options.migrations],
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    pool: { min: 0, max: 10, acquireTimeoutMillis: 5_000 },
    driverOptions: { connection: { connectionTimeoutMillis: 3_000 } },
    debug: options.debug ?? false,
  });
}
