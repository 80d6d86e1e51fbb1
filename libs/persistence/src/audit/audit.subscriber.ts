import {
  ChangeSetType,
  wrap,
  type ChangeSet,
  type EventSubscriber,
  type FlushEventArgs,
} from '@mikro-orm/core';
import { RequestContext } from '@studioflow/platform';
import { AuditAction, AuditLogEntry, type AuditChanges } from './audit-log.entity';
import { auditOptionsOf } from './audited.decorator';

const ALWAYS_IGNORED = new Set(['updatedAt', 'version']);

const ACTIONS: Partial<Record<ChangeSetType, AuditAction>> = {
  [ChangeSetType.CREATE]: AuditAction.Create,
  [ChangeSetType.UPDATE]: AuditAction.Update,
  [ChangeSetType.DELETE]: AuditAction.Delete,
  [ChangeSetType.DELETE_EARLY]: AuditAction.Delete,
};

function changesOf(cs: ChangeSet<object>, exclude: string[]): AuditChanges {
  const skip = (field: string) => ALWAYS_IGNORED.has(field) || exclude.includes(field);
  // The last state read from or written to the database (MikroORM's snapshot of the row).
  const before = (cs.originalEntity ?? wrap(cs.entity, true).__originalEntityData ?? {}) as Record<
    string,
    unknown
  >;
  const changes: AuditChanges = {};
  if (cs.type === ChangeSetType.DELETE || cs.type === ChangeSetType.DELETE_EARLY) {
    for (const [field, value] of Object.entries(before)) {
      if (!skip(field)) changes[field] = { before: value };
    }
    return changes;
  }
  for (const [field, value] of Object.entries(cs.payload as Record<string, unknown>)) {
    if (skip(field)) continue;
    changes[field] =
      cs.type === ChangeSetType.CREATE ? { after: value } : { before: before[field], after: value };
  }
  return changes;
}

/**
 * Writes an `AuditLogEntry` for every create, update and delete of an `@Audited()` entity in
 * the flush that makes the change, so the trail commits or rolls back with it. The actor and
 * correlation id come from the request context.
 */
export class AuditSubscriber implements EventSubscriber {
  async onFlush({ em, uow }: FlushEventArgs): Promise<void> {
    const ctx = RequestContext.current();
    for (const cs of uow.getChangeSets()) {
      const options = auditOptionsOf(cs.meta.class);
      const action = ACTIONS[cs.type];
      if (!options || !action) continue;
      const changes = changesOf(cs as ChangeSet<object>, options.exclude);
      if (action === AuditAction.Update && Object.keys(changes).length === 0) continue;
      const entity = cs.entity as { id?: unknown; tenantId?: string };
      const entry = em.create(AuditLogEntry, {
        tenantId: entity.tenantId ?? RequestContext.requireTenantId('writing the audit trail'),
        entityType: cs.meta.className,
        entityId: String(entity.id ?? cs.getPrimaryKey()),
        action,
        changes,
        actor: ctx?.actorId,
        correlationId: ctx?.correlationId,
      });
      uow.computeChangeSet(entry);
    }
  }
}
