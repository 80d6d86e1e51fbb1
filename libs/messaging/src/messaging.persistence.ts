import { DeadLetter } from './inbox/dead-letter.entity';
import { InboxEntry } from './inbox/inbox-entry.entity';
import { MessagingMigration } from './migrations/messaging.migration';
import { OutboxMessage } from './outbox/outbox-message.entity';

/** Entities and migration every service using `MessagingModule` adds to its persistence. */
export const messagingPersistence = {
  entities: [OutboxMessage, InboxEntry, DeadLetter],
  migrations: [{ name: MessagingMigration.migrationName, class: MessagingMigration }],
};
