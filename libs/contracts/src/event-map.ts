import { LeadConvertedV1 } from './crm';
import { ProjectCreatedV1 } from './projects';

/**
 * Compile-time map from event type to the payload class of its current version, so that
 * `publish(type, data)` and `@OnEvent(type)` handlers are checked by the compiler.
 */
export interface EventMap {
  'crm.lead.converted': LeadConvertedV1;
  'projects.project.created': ProjectCreatedV1;
}

/** Every known event type. */
export type EventType = keyof EventMap;

/** A payload class (class-validator decorated) of one contract version. */
export type PayloadClass = new () => object;

/** What a contract registry knows of one event type. */
export interface EventContract {
  /** The version producers publish. */
  current: number;
  /** Every version a consumer can read, by version number. */
  versions: Readonly<Record<number, PayloadClass>>;
}

/**
 * The run-time registry: per event type, the current version and every version consumers accept.
 * A consumer rejects (dead-letters) any version not listed here.
 */
export const EVENT_CONTRACTS: { readonly [T in EventType]: EventContract } = {
  'crm.lead.converted': { current: 1, versions: { 1: LeadConvertedV1 } },
  'projects.project.created': { current: 1, versions: { 1: ProjectCreatedV1 } },
};

/** The service that owns (emits) an event type: the first segment of the type. */
export function producerOf(type: string): string {
  return type.split('.')[0];
}
