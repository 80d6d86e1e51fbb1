import type { MigrationObject } from '@mikro-orm/core';

/** Migrations of the `finance` schema, oldest first (library tables are added by the kernel). */
export const financeMigrations: MigrationObject[] = [];
