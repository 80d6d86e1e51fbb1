import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { MissingTenantContextError, RequestContext } from '@studioflow/platform';
import { createTestDatabase, type TestDatabase } from '@studioflow/testing';
import { v7 as uuidv7 } from 'uuid';
import {
  AuditAction,
  AuditLogEntry,
  createOrmOptions,
  runMigrations,
  withEntityManager,
} from '../../src';
import { Widget, WidgetMigration } from '../fixtures/widget.entity';

const persistence = {
  schema: 'ptest',
  entities: [Widget],
  migrations: [{ name: 'Migration20261122000900_widget', class: WidgetMigration }],
};

describe('tenancy and audit trail', () => {
  let db: TestDatabase;
  let orm: MikroORM;
  const tenantA = uuidv7();
  const tenantB = uuidv7();
  const asTenant = <T>(tenantId: string, fn: () => Promise<T>) =>
    RequestContext.run({ tenantId, actorId: 'user-1' }, () => withEntityManager(orm, fn));

  beforeAll(async () => {
    db = await createTestDatabase();
    const applied = await runMigrations({ ...persistence, clientUrl: db.url });
    expect(applied).toEqual([
      'Migration20261122000100_audit_log',
      'Migration20261122000900_widget',
    ]);
    orm = await MikroORM.init(createOrmOptions({ ...persistence, clientUrl: db.url }));
  });

  afterAll(async () => {
    await orm?.close(true);
    await db?.drop();
  });

  it('runs migrations once: a second run applies nothing', async () => {
    await expect(runMigrations({ ...persistence, clientUrl: db.url })).resolves.toEqual([]);
  });

  it('stamps the context tenant on new rows and scopes every read to it', async () => {
    const a = await asTenant(tenantA, async () => {
      const w = orm.em.create(Widget, { name: 'A widget' });
      await orm.em.flush();
      return w;
    });
    await asTenant(tenantB, async () => {
      orm.em.create(Widget, { name: 'B widget' });
      await orm.em.flush();
    });
    expect(a.tenantId).toBe(tenantA);

    await asTenant(tenantB, async () => {
      expect(await orm.em.findOne(Widget, { id: a.id })).toBeNull();
      expect((await orm.em.find(Widget, {})).map((w) => w.name)).toEqual(['B widget']);
      expect(await orm.em.count(Widget)).toBe(1);
    });
    await asTenant(tenantA, async () => {
      expect((await orm.em.findOneOrFail(Widget, { id: a.id })).name).toBe('A widget');
    });
  });

  it('refuses tenant B updating or deleting tenant A rows through native queries', async () => {
    const id = await asTenant(tenantA, async () => {
      const w = orm.em.create(Widget, { name: 'Mine' });
      await orm.em.flush();
      return w.id;
    });
    await asTenant(tenantB, async () => {
      expect(await orm.em.nativeUpdate(Widget, { id }, { name: 'Stolen' })).toBe(0);
      expect(await orm.em.nativeDelete(Widget, { id })).toBe(0);
    });
    await asTenant(tenantA, async () => {
      expect((await orm.em.findOneOrFail(Widget, { id })).name).toBe('Mine');
    });
  });

  it('fails loudly when a query runs without a tenant context', async () => {
    await expect(withEntityManager(orm, () => orm.em.find(Widget, {}))).rejects.toThrow(
      MissingTenantContextError,
    );
    await expect(
      withEntityManager(orm, async () => {
        orm.em.create(Widget, { name: 'Orphan' });
        await orm.em.flush();
      }),
    ).rejects.toThrow(MissingTenantContextError);
  });

  it('lets system work span tenants only when it turns the filter off explicitly', async () => {
    const all = await RequestContext.runAsSystem('test', () =>
      withEntityManager(orm, () => orm.em.find(Widget, {}, { filters: { tenant: false } })),
    );
    expect(new Set(all.map((w) => w.tenantId))).toEqual(new Set([tenantA, tenantB]));
  });

  it('writes an audit row with before/after for each change, in the same transaction', async () => {
    const id = await asTenant(tenantA, async () => {
      const w = orm.em.create(Widget, { name: 'Audited', quantity: 1, secret: 's3cret' });
      await orm.em.flush();
      w.quantity = 5;
      await orm.em.flush();
      orm.em.remove(w);
      await orm.em.flush();
      return w.id;
    });
    const trail = await asTenant(tenantA, () =>
      orm.em.find(AuditLogEntry, { entityId: id }, { orderBy: { occurredAt: 'asc', id: 'asc' } }),
    );
    expect(trail.map((e) => e.action)).toEqual([
      AuditAction.Create,
      AuditAction.Update,
      AuditAction.Delete,
    ]);
    expect(trail[0].changes['name']).toEqual({ after: 'Audited' });
    expect(trail[0].changes['secret']).toBeUndefined();
    expect(trail[1].changes).toEqual({ quantity: { before: 1, after: 5 } });
    expect(trail[1].actor).toBe('user-1');
    expect(trail[1].tenantId).toBe(tenantA);
    expect(trail[2].changes['quantity']).toEqual({ before: 5 });
  });

  it('writes no audit row when the change rolls back', async () => {
    const name = `rolled-back-${uuidv7()}`;
    await expect(
      asTenant(tenantA, () =>
        orm.em.transactional(async (em) => {
          em.create(Widget, { name });
          await em.flush();
          throw new Error('abort');
        }),
      ),
    ).rejects.toThrow('abort');
    await asTenant(tenantA, async () => {
      expect(await orm.em.count(Widget, { name })).toBe(0);
      const entries = await orm.em.find(AuditLogEntry, { entityType: 'Widget' });
      expect(entries.some((e) => e.changes['name']?.after === name)).toBe(false);
    });
  });

  it('refuses a stale optimistic-lock version', async () => {
    const id = await asTenant(tenantA, async () => {
      const w = orm.em.create(Widget, { name: 'Versioned' });
      await orm.em.flush();
      return w.id;
    });
    await asTenant(tenantA, async () => {
      await expect(
        orm.em.findOneOrFail(Widget, { id }, { lockMode: LockMode.OPTIMISTIC, lockVersion: 99 }),
      ).rejects.toThrow(/version/i);
    });
  });
});
