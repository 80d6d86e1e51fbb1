import { StringCodec, connect } from 'nats';
import { startDisposableNats, uniquePrefix, DisposableService } from '../src';

const sc = StringCodec();

describe('startDisposableNats', () => {
  let nats: DisposableService;

  beforeAll(async () => {
    nats = await startDisposableNats();
  });

  afterAll(async () => {
    await nats?.dispose();
  });

  it('starts a private JetStream server that keeps streams across a crash', async () => {
    expect(nats.url).toBe(`nats://127.0.0.1:${nats.port}`);
    const stream = `${uniquePrefix().toUpperCase()}_EVENTS`;

    const nc = await connect({ servers: nats.url, reconnect: false });
    const jsm = await nc.jetstreamManager();
    await jsm.streams.add({ name: stream, subjects: ['events.>'] });
    const ack = await nc.jetstream().publish('events.created', sc.encode('kept'), { msgID: 'e-1' });
    expect(ack.seq).toBe(1);
    await nc.close();

    await nats.stop();
    await expect(
      connect({ servers: nats.url, reconnect: false, timeout: 1_000 }),
    ).rejects.toThrow();

    await nats.start();
    const again = await connect({ servers: nats.url, reconnect: false });
    try {
      const jsm2 = await again.jetstreamManager();
      const info = await jsm2.streams.info(stream);
      expect(info.state.messages).toBe(1);
      const msg = await jsm2.streams.getMessage(stream, { seq: 1 });
      expect(sc.decode(msg.data)).toBe('kept');
    } finally {
      await again.close();
    }
  });

  it('disposes: the server is gone', async () => {
    const extra = await startDisposableNats();
    await extra.dispose();
    await expect(
      connect({ servers: extra.url, reconnect: false, timeout: 1_000 }),
    ).rejects.toThrow();
  });
});
