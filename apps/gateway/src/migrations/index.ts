import type { MigrationObject } from '@mikro-orm/core';

/** Migrations of the `identity` schema, oldest first (library tables are added by the kernel). */
export const gatewayMigrations: MigrationObject[] = [];
