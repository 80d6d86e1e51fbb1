import type { EventArgs, EventSubscriber } from '@mikro-orm/core';
import { MissingTenantContextError, RequestContext } from '@studioflow/platform';
import { TenantScopedEntity } from '../entity/base.entity';

/** Thrown when an entity is written for a tenant other than the one in the request context. */
export class CrossTenantWriteError extends Error {
  constructor(entity: string) {
    super(`Refusing to write ${entity} of another tenant`);
    this.name = CrossTenantWriteError.name;
  }
}

/**
 * Stamps the current tenant on new tenant-scoped rows and refuses writes without a tenant
 * context or for another tenant, so no service ever trusts a tenant id from a request body.
 */
export class TenantSubscriber implements EventSubscriber<TenantScopedEntity> {
  beforeCreate(args: EventArgs<TenantScopedEntity>): void {
    this.stamp(args.entity);
  }

  beforeUpdate(args: EventArgs<TenantScopedEntity>): void {
    this.check(args.entity);
  }

  beforeDelete(args: EventArgs<TenantScopedEntity>): void {
    this.check(args.entity);
  }

  private stamp(entity: unknown): void {
    if (!(entity instanceof TenantScopedEntity)) return;
    const tenantId = RequestContext.tenantId();
    if (!tenantId) throw new MissingTenantContextError(`creating ${entity.constructor.name}`);
    if (entity.tenantId && entity.tenantId !== tenantId) {
      throw new CrossTenantWriteError(entity.constructor.name);
    }
    entity.tenantId = tenantId;
  }

  private check(entity: unknown): void {
    if (!(entity instanceof TenantScopedEntity)) return;
    const tenantId = RequestContext.tenantId();
    if (!tenantId) throw new MissingTenantContextError(`writing ${entity.constructor.name}`);
    if (entity.tenantId !== tenantId) throw new CrossTenantWriteError(entity.constructor.name);
  }
}
