import { Client } from 'pg';
import { testInfrastructure } from './infrastructure';
import { randomToken } from './unique-prefix';

/** A private database for one test file. */
export interface TestDatabase {
  /** Database name, `sf_t_<random>`. */
  name: string;
  /** Connection URL: the admin URL with the database name swapped in. */
  url: string;
  /** Terminates its connections and drops the database; safe to call twice. */
  drop(): Promise<void>;
}

/** `url` with its database (path) replaced by `database`, keeping credentials and query. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function withAdmin<T>(adminUrl: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates a fresh, uniquely named database (`sf_t_<random>`) on the server of `adminUrl`
 * (default: {@link testInfrastructure}'s `databaseUrl`). Call `drop()` in `afterAll`.
 */
export async function createTestDatabase(adminUrl?: string): Promise<TestDatabase> {
  const admin = adminUrl ?? (await testInfrastructure()).databaseUrl;
  const name = `sf_t_${randomToken(12)}`;
  // The name is generated from [a-z0-9_] only, so quoting it is enough.
  await withAdmin(admin, (client) => client.query(`CREATE DATABASE "${name}"`));
  let dropped: Promise<void> | undefined;
  return {
    name,
    url: withDatabase(admin, name),
    drop: () => {
      dropped ??= withAdmin(admin, async (client) => {
        await client.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [name],
        );
        const { rows } = await client.query<{ v: string }>(
          "SELECT current_setting('server_version_num') AS v",
        );
        const force = Number(rows[0]?.v) >= 130000 ? ' WITH (FORCE)' : '';
        await client.query(`DROP DATABASE IF EXISTS "${name}"${force}`);
      });
      return dropped;
    },
  };
}
