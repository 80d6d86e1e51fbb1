import { Migration } from '@mikro-orm/migrations';

/** Creates `<schema>.audit_log`, the append-only audit trail of one service. */
export class AuditLogMigration extends Migration {
  static readonly migrationName = 'Migration20261122000100_audit_log';

  override async up(): Promise<void> {
    const schema = this.config.get('schema');
    this.addSql(`create schema if not exists "${schema}";`);
    this.addSql(`create table "${schema}"."audit_log" (
      "id" uuid primary key,
      "tenant_id" uuid not null,
      "entity_type" varchar(100) not null,
      "entity_id" varchar(100) not null,
      "action" varchar(10) not null check ("action" in ('create', 'update', 'delete')),
      "changes" jsonb not null,
      "actor" varchar(100) null,
      "correlation_id" varchar(128) null,
      "occurred_at" timestamptz not null
    );`);
    this.addSql(`create index "audit_log_entity_idx" on "${schema}"."audit_log"
      ("tenant_id", "entity_type", "entity_id", "occurred_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "${this.config.get('schema')}"."audit_log";`);
  }
}
