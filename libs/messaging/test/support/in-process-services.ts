import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { BaseEnv } from '@studioflow/platform';
import {
  createTestDatabase,
  removeNatsStreams,
  testInfrastructure,
  type TestDatabase,
} from '@studioflow/testing';
import { createStudioflowServiceApp, type ServiceDefinition } from '../../src';

/**
 * Services booted in-process through the real kernel for one test file: one test database
 * (each service migrates its own schema on boot), the shared NATS under the file's `prefix`.
 * `close()` shuts the apps down in reverse order and removes the database and streams.
 */
export class InProcessServices {
  private readonly apps: NestFastifyApplication[] = [];

  private constructor(
    private readonly db: TestDatabase,
    private readonly natsUrl: string,
    private readonly env: Record<string, string>,
  ) {}

  static async create(
    prefix: string,
    env: Record<string, string> = {},
  ): Promise<InProcessServices> {
    const infra = await testInfrastructure();
    const db = await createTestDatabase(infra.databaseUrl);
    return new InProcessServices(db, infra.natsUrl, {
      DATABASE_URL: db.url,
      NATS_URL: infra.natsUrl,
      EVENT_SUBJECT_PREFIX: prefix,
      MIGRATE_ON_BOOT: 'true',
      LOG_LEVEL: 'silent',
      ...env,
    });
  }

  /** Boots `def` with this file's environment. */
  async boot<E extends BaseEnv>(def: ServiceDefinition<E>): Promise<NestFastifyApplication> {
    const app = await createStudioflowServiceApp(def, this.env);
    this.apps.push(app);
    return app;
  }

  async close(): Promise<void> {
    for (const app of this.apps.reverse()) await app.close();
    await this.db.drop();
    await removeNatsStreams(this.natsUrl, this.env['EVENT_SUBJECT_PREFIX']);
  }
}
