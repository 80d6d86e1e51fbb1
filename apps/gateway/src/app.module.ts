import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@studioflow/messaging';
import { GatewayEnv } from './config/env';
import { gatewayMigrations } from './migrations';

/** Feature modules of the gateway, the only HTTP door into the system. */
@Module({ imports: [] })
export class AppModule {}

/**
 * What the gateway, the only HTTP door into the system (owns tenants, users and API keys) is made of; `main.ts` runs it and tests boot it in-process.
 */
export const gatewayService: ServiceDefinition<GatewayEnv> = {
  service: 'gateway',
  schema: 'identity',
  envClass: GatewayEnv,
  entities: [],
  migrations: gatewayMigrations,
  redis: true,
  rpcServer: false,
  imports: () => [AppModule],
};
