import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@studioflow/messaging';
import { FinanceEnv } from './config/env';
import { financeMigrations } from './migrations';

/** Feature modules of the finance service. */
@Module({ imports: [] })
export class AppModule {}

/**
 * What the finance service (GST invoices, payments, cashbook) is made of; `main.ts` runs it and tests boot it in-process.
 */
export const financeService: ServiceDefinition<FinanceEnv> = {
  service: 'finance',
  schema: 'finance',
  envClass: FinanceEnv,
  entities: [],
  migrations: financeMigrations,
  redis: false,
  rpcServer: true,
  imports: () => [AppModule],
};
