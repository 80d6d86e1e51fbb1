import { Client } from 'pg';
import { TestDatabase, createTestDatabase, testInfrastructure } from '../src';

async function databaseExists(adminUrl: string, name: string): Promise<boolean> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return rowCount === 1;
  } finally {
    await admin.end();
  }
}

describe('createTestDatabase', () => {
  let adminUrl: string;
  const created: TestDatabase[] = [];

  beforeAll(async () => {
    adminUrl = (await testInfrastructure()).databaseUrl;
  });

  afterAll(async () => {
    await Promise.all(created.map((db) => db.drop()));
  });

  it('creates a fresh, usable, uniquely named database and drops it', async () => {
    const db = await createTestDatabase();
    created.push(db);
    expect(db.name).toMatch(/^sf_t_[a-z0-9]+$/);
    expect(db.url).toContain(`/${db.name}`);
    expect(await databaseExists(adminUrl, db.name)).toBe(true);

    const client = new Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
    expect(rows[0]?.db).toBe(db.name);
    const { rows: tables } = await client.query(
      "SELECT 1 FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables).toHaveLength(0);
    await client.query('CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)');
    await client.query("INSERT INTO note VALUES (1, 'hello')");
    const { rows: notes } = await client.query('SELECT body FROM note');
    expect(notes).toEqual([{ body: 'hello' }]);

    // A connection left open must not keep the database alive.
    client.on('error', () => undefined);
    await db.drop();
    expect(await databaseExists(adminUrl, db.name)).toBe(false);
    await client.end().catch(() => undefined);
    await expect(db.drop()).resolves.toBeUndefined();
  });

  it('gives every call its own database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(adminUrl), createTestDatabase(adminUrl)]);
    created.push(a, b);
    expect(a.name).not.toBe(b.name);
    await Promise.all([a.drop(), b.drop()]);
    expect(await databaseExists(adminUrl, a.name)).toBe(false);
    expect(await databaseExists(adminUrl, b.name)).toBe(false);
  });
});
