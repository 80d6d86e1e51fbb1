import { Module } from '@nestjs/common';
import type { ServiceDefinition } from '@studioflow/messaging';
import { ProjectsEnv } from './config/env';
import { projectsMigrations } from './migrations';

/** Feature modules of the projects service. */
@Module({ imports: [] })
export class AppModule {}

/**
 * What the projects service (projects, tasks, milestones, site visits, documents) is made of; `main.ts` runs it and tests boot it in-process.
 */
export const projectsService: ServiceDefinition<ProjectsEnv> = {
  service: 'projects',
  schema: 'projects',
  envClass: ProjectsEnv,
  entities: [],
  migrations: projectsMigrations,
  redis: false,
  rpcServer: true,
  imports: () => [AppModule],
};
