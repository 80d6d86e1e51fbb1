import { Migration } from '@mikro-orm/migrations';

/**
 * Creates the outbox (with a trigger that NOTIFYs `<schema>_outbox` on insert, delivered at
 * commit, which wakes the relay), the inbox and the dead-letter table in the service's schema.
 */
export class MessagingMigration extends Migration {
  static readonly migrationName = 'Migration20261122000200_messaging';

  override async up(): Promise<void> {
    const s = this.config.get('schema');
    this.addSql(`create schema if not exists "${s}";`);
    this.addSql(`create table "${s}"."outbox" (
      "id" uuid primary key,
      "tenant_id" uuid not null,
      "type" varchar(200) not null,
      "subject" varchar(255) not null,
      "envelope" jsonb not null,
      "created_at" timestamptz not null,
      "published_at" timestamptz null,
      "attempts" int not null default 0,
      "last_error" text null
    );`);
    this.addSql(`create index "outbox_unpublished_idx" on "${s}"."outbox" ("id")
      where "published_at" is null;`);
    this.addSql(`create or replace function "${s}"."outbox_notify"() returns trigger
      language plpgsql as $$ begin perform pg_notify('${s}_outbox', ''); return null; end $$;`);
    this.addSql(`create trigger "outbox_notify" after insert on "${s}"."outbox"
      for each statement execute function "${s}"."outbox_notify"();`);
    this.addSql(`create table "${s}"."inbox" (
      "consumer" varchar(200) not null,
      "event_id" uuid not null,
      "event_type" varchar(200) not null,
      "tenant_id" uuid null,
      "processed_at" timestamptz not null,
      primary key ("consumer", "event_id")
    );`);
    this.addSql(`create table "${s}"."dead_letter" (
      "id" uuid primary key,
      "consumer" varchar(200) not null,
      "event_id" varchar(100) null,
      "event_type" varchar(200) null,
      "tenant_id" uuid null,
      "subject" varchar(255) not null,
      "payload" text not null,
      "reason" text not null,
      "attempts" int not null,
      "created_at" timestamptz not null,
      "replayed_at" timestamptz null
    );`);
    this.addSql(
      `create index "dead_letter_consumer_idx" on "${s}"."dead_letter" ("consumer", "created_at");`,
    );
  }

  override async down(): Promise<void> {
    const s = this.config.get('schema');
    this.addSql(`drop table if exists "${s}"."dead_letter";`);
    this.addSql(`drop table if exists "${s}"."inbox";`);
    this.addSql(`drop table if exists "${s}"."outbox";`);
    this.addSql(`drop function if exists "${s}"."outbox_notify"();`);
  }
}
