import {
  DiscardPolicy,
  RetentionPolicy,
  StorageType,
  nanos,
  type JetStreamManager,
  type StreamConfig,
} from 'nats';

/** What a stream must look like; everything else keeps JetStream defaults. */
export interface StreamSpec {
  name: string;
  subjects: string[];
  replicas: number;
  duplicateWindowMs: number;
  /** Maximum age of a stored message in ms (0 = forever). */
  maxAgeMs?: number;
}

/**
 * Creates the stream, or updates it to match `spec` when it exists (file storage, limits
 * retention). Safe when several replicas of a service race to create the same stream.
 */
export async function ensureStream(jsm: JetStreamManager, spec: StreamSpec): Promise<void> {
  const config: Partial<StreamConfig> & { name: string } = {
    name: spec.name,
    subjects: spec.subjects,
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    num_replicas: spec.replicas,
    duplicate_window: nanos(spec.duplicateWindowMs),
    max_age: nanos(spec.maxAgeMs ?? 0),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const existing = await jsm.streams.info(spec.name).catch(() => undefined);
      if (existing) {
        await jsm.streams.update(spec.name, { ...existing.config, ...config });
      } else {
        await jsm.streams.add(config);
      }
      return;
    } catch (error) {
      // Another replica created it between our info and add: look again once or twice.
      if (attempt >= 2) throw error;
    }
  }
}
