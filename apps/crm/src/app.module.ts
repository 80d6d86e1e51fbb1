import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@studioflow/messaging';
import { CrmEnv } from './config/env';
import { crmMigrations } from './migrations';

/** Feature modules of the CRM service. */
@Module({ imports: [] })
export class AppModule {}

/**
 * What the CRM service (clients, contacts, leads, pipeline, tickets) is made of; `main.ts` runs it and tests boot it in-process.
 */
export const crmService: ServiceDefinition<CrmEnv> = {
  service: 'crm',
  schema: 'crm',
  envClass: CrmEnv,
  entities: [],
  migrations: crmMigrations,
  redis: false,
  rpcServer: true,
  imports: () => [AppModule],
};
