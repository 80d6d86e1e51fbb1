import { Entity, Property, Unique, type Opt } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { TenantScopedEntity } from '@studioflow/persistence';

/** Test-only state a handler changes: how many times each key was applied. */
@Entity({ tableName: 'tally' })
@Unique({ properties: ['tenantId', 'key'] })
export class Tally extends TenantScopedEntity {
  @Property({ type: 'string' })
  key: string;

  @Property({ type: 'integer' })
  applied: Opt<number> = 0;
}

/** Creates `tally` in the test schema. */
export class TallyMigration extends Migration {
  override async up(): Promise<void> {
    const s = this.config.get('schema');
    this.addSql(`create table "${s}"."tally" (
      "id" uuid primary key, "tenant_id" uuid not null, "created_at" timestamptz not null,
      "updated_at" timestamptz not null, "version" int not null default 1,
      "key" varchar(255) not null, "applied" int not null default 0,
      unique ("tenant_id", "key"));`);
  }
}
