import type { MigrationObject } from '@mikro-orm/core';

/** Migrations of the `notifications` schema, oldest first (library tables are added by the kernel). */
export const notificationsMigrations: MigrationObject[] = [];
