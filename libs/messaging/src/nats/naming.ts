/**
 * Subject, stream and consumer names. An event's subject is its type (`crm.lead.converted`);
 * each producing service owns one stream capturing `<service>.>`; dead letters go to
 * `deadletter.<consumer service>.<type>` in the shared `DEADLETTER` stream. A non-empty prefix
 * (tests) is prepended to all of them.
 */
export const Naming = {
  eventSubject(prefix: string, type: string): string {
    return prefix ? `${prefix}.${type}` : type;
  },

  streamName(prefix: string, service: string): string {
    const name = service.toUpperCase();
    return prefix ? `${prefix}_${name}` : name;
  },

  streamSubjects(prefix: string, service: string): string[] {
    return [Naming.eventSubject(prefix, `${service}.>`)];
  },

  /** Durable consumer of `service` for one event type (durable names may not contain dots). */
  durableName(service: string, type: string): string {
    return `${service}__${type.replace(/[.*>\s]/g, '_')}`;
  },

  deadLetterStream(prefix: string): string {
    return prefix ? `${prefix}_DEADLETTER` : 'DEADLETTER';
  },

  deadLetterSubject(prefix: string, service: string, type: string): string {
    return Naming.eventSubject(prefix, `deadletter.${service}.${type}`);
  },

  /** PostgreSQL NOTIFY channel the outbox trigger signals (see `MessagingMigration`). */
  outboxChannel(schema: string): string {
    return `${schema}_outbox`;
  },
};
