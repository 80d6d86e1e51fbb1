import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** The roles a StudioFlow user can hold (PRODUCT.md, "Identity and tenancy"). */
export const ROLES = ['admin', 'manager', 'site_engineer', 'finance', 'client'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting and for which tenant, for the duration of one HTTP request, RPC call,
 * consumed event or job. It travels between services in NATS headers (see `ContextHeaders`)
 * and in the CloudEvents envelope (`tenantid`, `actor`, `correlationid`).
 */
export interface RequestContextData {
  /** Id of the tenant (firm) every query is scoped to; absent only for system work. */
  tenantId?: string;
  /** Id of the acting user, or `system:<component>` for background work. */
  actorId?: string;
  roles: readonly Role[];
  /** For `client` users: the CRM client whose rows they may see (ownership scope). */
  clientId?: string;
  /** Follows one unit of work across HTTP and NATS hops; logged on every line. */
  correlationId: string;
  /** Epoch milliseconds after which the caller no longer waits for an answer. */
  deadline?: number;
  /**
   * Set only by `RequestContext.runAsSystem`: the work deliberately spans tenants
   * (outbox relay, overdue sweep). Tenant-scoped queries still refuse to run without a tenant.
   */
  system?: boolean;
}

/** NATS header names that carry the request context between services. */
export const ContextHeaders = {
  TenantId: 'x-tenant-id',
  ActorId: 'x-actor-id',
  Roles: 'x-roles',
  ClientId: 'x-client-id',
  CorrelationId: 'x-correlation-id',
  Deadline: 'x-deadline',
} as const;

/** Thrown when tenant-scoped work runs without a tenant in the request context. */
export class MissingTenantContextError extends Error {
  constructor(what = 'this operation') {
    super(`No tenant in the request context: ${what} must run for a tenant`);
    this.name = MissingTenantContextError.name;
  }
}

const storage = new AsyncLocalStorage<RequestContextData>();

/**
 * The ambient request context, kept in `AsyncLocalStorage` so that the ORM tenant filter,
 * the outbox, the RPC client and the logger all see the same tenant and correlation id
 * without threading them through every call.
 */
export const RequestContext = {
  /** Runs `fn` with `data` as the current context (nested runs replace, not merge). */
  run<T>(data: Partial<RequestContextData>, fn: () => T): T {
    const full: RequestContextData = {
      roles: [],
      ...data,
      correlationId: data.correlationId ?? randomUUID(),
    };
    return storage.run(full, fn);
  },

  /**
   * Makes `data` the current context for the rest of the current synchronous execution and the
   * asynchronous work it starts (`AsyncLocalStorage.enterWith`). Meant for the Fastify `onRequest`
   * hook, where there is no callback to wrap with `run`; everywhere else prefer `run`.
   * Returns the full context that was entered (a missing correlation id gets a fresh one).
   */
  enter(data: Partial<RequestContextData>): RequestContextData {
    const full: RequestContextData = {
      roles: [],
      ...data,
      correlationId: data.correlationId ?? randomUUID(),
    };
    storage.enterWith(full);
    return full;
  },

  /**
   * Adds what became known during the unit of work (e.g. the tenant, actor and roles once the
   * gateway has authenticated the caller) to the current context, in place, so that code already
   * running in it sees them. The correlation id cannot be changed.
   * @throws Error when called outside any unit of work.
   */
  assign(patch: Partial<Omit<RequestContextData, 'correlationId'>>): RequestContextData {
    const ctx = storage.getStore();
    if (!ctx) throw new Error('RequestContext.assign called outside any request context');
    const { correlationId: _ignored, ...rest } = patch as Partial<RequestContextData>;
    return Object.assign(ctx, rest);
  },

  /** Runs `fn` as background system work with no tenant (see `RequestContextData.system`). */
  runAsSystem<T>(component: string, fn: () => T, correlationId?: string): T {
    return RequestContext.run({ actorId: `system:${component}`, system: true, correlationId }, fn);
  },

  /** The current context, or `undefined` outside any unit of work. */
  current(): RequestContextData | undefined {
    return storage.getStore();
  },

  /** The current tenant id, or `undefined`. */
  tenantId(): string | undefined {
    return storage.getStore()?.tenantId;
  },

  /** The current tenant id; throws `MissingTenantContextError` when there is none. */
  requireTenantId(what?: string): string {
    const tenantId = storage.getStore()?.tenantId;
    if (!tenantId) throw new MissingTenantContextError(what);
    return tenantId;
  },

  /** The current correlation id, or `undefined` outside any unit of work. */
  correlationId(): string | undefined {
    return storage.getStore()?.correlationId;
  },

  /** Serialises the current context to NATS/HTTP headers (string values only). */
  toHeaders(ctx: RequestContextData | undefined = storage.getStore()): Record<string, string> {
    if (!ctx) return {};
    const headers: Record<string, string> = { [ContextHeaders.CorrelationId]: ctx.correlationId };
    if (ctx.tenantId) headers[ContextHeaders.TenantId] = ctx.tenantId;
    if (ctx.actorId) headers[ContextHeaders.ActorId] = ctx.actorId;
    if (ctx.roles.length) headers[ContextHeaders.Roles] = ctx.roles.join(',');
    if (ctx.clientId) headers[ContextHeaders.ClientId] = ctx.clientId;
    if (ctx.deadline) headers[ContextHeaders.Deadline] = String(ctx.deadline);
    return headers;
  },

  /**
   * Rebuilds a context from headers written by `toHeaders`. Unknown roles are dropped,
   * a malformed deadline is ignored, and a missing correlation id gets a fresh one.
   */
  fromHeaders(get: (name: string) => string | undefined): RequestContextData {
    const roles = (get(ContextHeaders.Roles) ?? '')
      .split(',')
      .filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    const deadline = Number(get(ContextHeaders.Deadline));
    return {
      tenantId: get(ContextHeaders.TenantId) || undefined,
      actorId: get(ContextHeaders.ActorId) || undefined,
      clientId: get(ContextHeaders.ClientId) || undefined,
      roles,
      correlationId: get(ContextHeaders.CorrelationId) || randomUUID(),
      deadline: Number.isFinite(deadline) && deadline > 0 ? deadline : undefined,
    };
  },
};
