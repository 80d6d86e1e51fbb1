import type { EntityName, MetadataStorage, Options } from '@mikro-orm/core';
import { RequestContext } from '@studioflow/platform';
import { TenantScopedEntity } from '../entity/base.entity';

/** A MikroORM filter definition (the type `@mikro-orm/core` does not export by name). */
export type FilterDefinition = NonNullable<Options['filters']>[string];

/** Name of the global filter that scopes every query to the current tenant. */
export const TENANT_FILTER = 'tenant';

function isTenantScoped(metadata: MetadataStorage, entityName: EntityName<unknown> | undefined) {
  if (!entityName) return false;
  const meta = metadata.find(typeof entityName === 'string' ? entityName : entityName.name);
  return !!meta?.class && meta.class.prototype instanceof TenantScopedEntity;
}

/**
 * The `tenant` filter (ARCHITECTURE rule 6): on for every query, it adds
 * `tenant_id = <current tenant>` for entities extending `TenantScopedEntity`. A query without a
 * tenant in the request context throws `MissingTenantContextError` instead of returning every
 * tenant's rows. System work that must span tenants passes `filters: { tenant: false }` explicitly.
 */
export const tenantFilter: FilterDefinition = {
  name: TENANT_FILTER,
  default: true,
  // The tenant comes from the request context, not from filter arguments.
  args: false,
  cond: (
    _args,
    _type,
    em: { getMetadata(): MetadataStorage },
    _options,
    entityName?: EntityName<unknown>,
  ) => {
    if (!isTenantScoped(em.getMetadata(), entityName)) return {};
    const name = typeof entityName === 'string' ? entityName : entityName?.name;
    return { tenantId: RequestContext.requireTenantId(`a query on ${name}`) };
  },
};
