import { Client } from 'pg';
import { DisposableService, createTestDatabase, startDisposablePostgres } from '../src';

async function query<T extends object>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

describe('startDisposablePostgres', () => {
  let pg: DisposableService;

  beforeAll(async () => {
    pg = await startDisposablePostgres();
  });

  afterAll(async () => {
    await pg?.dispose();
  });

  it('starts a private server that answers', async () => {
    expect(pg.url).toBe(`postgres://postgres@127.0.0.1:${pg.port}/postgres`);
    expect(pg.port).not.toBe(5432);
    expect(await query(pg.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('hosts test databases too', async () => {
    const db = await createTestDatabase(pg.url);
    expect(await query(db.url, 'SELECT current_database() AS db')).toEqual([{ db: db.name }]);
    await db.drop();
  });

  it('stops abruptly, refuses connections, and restarts on the same port with its data', async () => {
    await query(pg.url, 'CREATE TABLE survivor (id int PRIMARY KEY, name text)');
    await query(pg.url, "INSERT INTO survivor VALUES (1, 'committed before the crash')");

    const open = new Client({ connectionString: pg.url });
    open.on('error', () => undefined);
    await open.connect();

    await pg.stop();
    await expect(query(pg.url, 'SELECT 1')).rejects.toThrow();
    await expect(open.query('SELECT 1')).rejects.toThrow();
    await open.end().catch(() => undefined);

    await pg.start();
    expect(await query(pg.url, 'SELECT id, name FROM survivor')).toEqual([
      { id: 1, name: 'committed before the crash' },
    ]);
  });

  it('disposes: nothing listens on its port afterwards', async () => {
    const extra = await startDisposablePostgres();
    await extra.dispose();
    await expect(query(extra.url, 'SELECT 1')).rejects.toThrow();
    await expect(extra.start()).rejects.toThrow(/disposed/);
  });
});
