import { connect } from 'nats';

/**
 * Deletes every JetStream stream (with its consumers) whose name starts with `prefix`, compared
 * case-insensitively, so `t_k3x9a2` removes `T_K3X9A2_CRM` and `t_k3x9a2_crm`; key-value and object
 * store buckets of that prefix (`KV_<prefix>…`, `OBJ_<prefix>…`) go too. Resolves with the names
 * deleted.
 */
export async function removeNatsStreams(natsUrl: string, prefix: string): Promise<string[]> {
  if (!prefix) throw new Error('removeNatsStreams needs a non-empty prefix');
  const wanted = prefix.toLowerCase();
  const matches = (name: string): boolean => {
    const lower = name.toLowerCase();
    return [wanted, `kv_${wanted}`, `obj_${wanted}`].some((p) => lower.startsWith(p));
  };
  const nc = await connect({ servers: natsUrl, reconnect: false, timeout: 5_000 });
  try {
    const jsm = await nc.jetstreamManager();
    const names: string[] = [];
    for await (const name of jsm.streams.names()) {
      if (matches(name)) names.push(name);
    }
    for (const name of names) {
      await jsm.streams.delete(name);
    }
    return names;
  } finally {
    await nc.close();
  }
}
