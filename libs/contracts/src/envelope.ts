/** CloudEvents specification version used by every StudioFlow event (CloudEvents 1.0). */
export const CLOUD_EVENTS_SPEC_VERSION = '1.0';

/**
 * The envelope around every domain event, using CloudEvents 1.0 attribute names
 * (https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md). `tenantid`, `actor`
 * and `correlationid` are CloudEvents extension attributes (lowercase alphanumerics, as the spec
 * requires). The contract version of `data` is carried in `dataschema` (see `dataSchemaUri`).
 */
export interface CloudEvent<TData = unknown> {
  specversion: typeof CLOUD_EVENTS_SPEC_VERSION;
  /** UUIDv7; also the JetStream `Nats-Msg-Id` and the consumer inbox key. */
  id: string;
  /** URI-reference of the producing service, e.g. `/studioflow/crm`. */
  source: string;
  /** Event type, e.g. `crm.lead.converted`; also the NATS subject (after any test prefix). */
  type: string;
  /** Id of the aggregate the event is about, e.g. the lead id. */
  subject?: string;
  /** RFC 3339 timestamp of the state change. */
  time: string;
  datacontenttype: 'application/json';
  /** `urn:studioflow:event:<type>:v<version>`; see `dataSchemaUri` / `parseDataSchemaVersion`. */
  dataschema: string;
  tenantid: string;
  /** User id or `system:<component>` that caused the event. */
  actor?: string;
  correlationid: string;
  data: TData;
}

/** The `dataschema` URI of version `version` of event `type`. */
export function dataSchemaUri(type: string, version: number): string {
  return `urn:studioflow:event:${type}:v${version}`;
}

/**
 * The contract version named by a `dataschema` URI written by `dataSchemaUri`, or `undefined`
 * when the URI is missing, malformed or names another event type.
 */
export function parseDataSchemaVersion(type: string, dataschema: unknown): number | undefined {
  if (typeof dataschema !== 'string') return undefined;
  const prefix = `urn:studioflow:event:${type}:v`;
  if (!dataschema.startsWith(prefix)) return undefined;
  const version = Number(dataschema.slice(prefix.length));
  return Number.isInteger(version) && version > 0 ? version : undefined;
}
