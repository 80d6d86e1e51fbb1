import type { MigrationObject } from '@mikro-orm/core';

/** Migrations of the `projects` schema, oldest first (library tables are added by the kernel). */
export const projectsMigrations: MigrationObject[] = [];
