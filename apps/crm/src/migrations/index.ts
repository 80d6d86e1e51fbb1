import type { MigrationObject } from '@mikro-orm/core';

/** Migrations of the `crm` schema, oldest first (library tables are added by the kernel). */
export const crmMigrations: MigrationObject[] = [];
