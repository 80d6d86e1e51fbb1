import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@studioflow/messaging';
import { NotificationsEnv } from './config/env';
import { notificationsMigrations } from './migrations';

/** Feature modules of the notifications service. */
@Module({ imports: [] })
export class AppModule {}

/**
 * What the notifications service (reminders, in-app notifications, e-mail) is made of; `main.ts` runs it and tests boot it in-process.
 */
export const notificationsService: ServiceDefinition<NotificationsEnv> = {
  service: 'notifications',
  schema: 'notifications',
  envClass: NotificationsEnv,
  entities: [],
  migrations: notificationsMigrations,
  redis: true,
  rpcServer: true,
  imports: () => [AppModule],
};
