import { startDisposableNats, waitFor, type DisposableService } from '@studioflow/testing';
import { v7 as uuidv7 } from 'uuid';
import type { CloudEvent } from '@studioflow/contracts';
import { Naming } from '../../src';
import { MessagingHarness } from '../support/messaging-harness';
import { Tally } from '../support/tally.entity';

describe('transactional outbox and relay', () => {
  let h: MessagingHarness;

  beforeAll(async () => {
    h = await MessagingHarness.create();
  });
  afterAll(() => h?.dispose());

  it('publishes a committed event once, with the event id as Nats-Msg-Id', async () => {
    const before = await h.streamMessages();
    const event = await h.publishConverted();
    await h.relay.start();
    await waitFor(async () => (await h.unpublished()) === 0, { what: 'the outbox to drain' });
    expect(await h.streamMessages()).toBe(before + 1);

    const jsm = await h.nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(Naming.streamName(h.options.subjectPrefix, 'crm'), {
      last_by_subj: Naming.eventSubject(h.options.subjectPrefix, 'crm.lead.converted'),
    });
    expect(stored.header.get('Nats-Msg-Id')).toBe(event.id);
    const envelope = stored.json<CloudEvent>();
    expect(envelope).toMatchObject({
      specversion: '1.0',
      id: event.id,
      type: 'crm.lead.converted',
      source: '/studioflow/crm',
      tenantid: h.tenantId,
      actor: 'user-1',
      dataschema: 'urn:studioflow:event:crm.lead.converted:v1',
      datacontenttype: 'application/json',
    });
    expect(envelope.correlationid).toEqual(expect.any(String));
  });

  it('publishes nothing when the transaction that wrote the event rolls back', async () => {
    await h.relay.idle();
    const before = await h.streamMessages();
    await expect(
      h.asTenant(() =>
        h.orm.em.transactional(async (em) => {
          em.create(Tally, { key: 'rolled-back' });
          h.publisher.publish('crm.lead.converted', h.leadConverted(), 'x');
          await em.flush();
          throw new Error('business rule failed');
        }),
      ),
    ).rejects.toThrow('business rule failed');
    h.relay.wake();
    await h.relay.idle();
    expect(await h.unpublished()).toBe(0);
    expect(await h.streamMessages()).toBe(before);
    expect(await h.applied('rolled-back')).toBe(0);
  });

  it('refuses to publish a payload that breaks its contract, and stores nothing', async () => {
    await expect(
      h.asTenant(async () =>
        h.publisher.publish('crm.lead.converted', { ...h.leadConverted(), leadId: 'not-a-uuid' }),
      ),
    ).rejects.toThrow(/leadId/);
  });

  it('drops a re-publish of the same outbox row (JetStream de-duplication by Nats-Msg-Id)', async () => {
    const event = await h.publishConverted();
    await waitFor(async () => (await h.unpublished()) === 0, { what: 'the outbox to drain' });
    const before = await h.streamMessages();
    const ack = await h.nc
      .jetstream()
      .publish(
        Naming.eventSubject(h.options.subjectPrefix, 'crm.lead.converted'),
        JSON.stringify(event),
        { msgID: event.id },
      );
    expect(ack.duplicate).toBe(true);
    expect(await h.streamMessages()).toBe(before);
  });
});

describe('outbox relay while NATS is unreachable', () => {
  let nats: DisposableService;
  let h: MessagingHarness;

  beforeAll(async () => {
    nats = await startDisposableNats();
    h = await MessagingHarness.create({ natsUrl: nats.url });
    await h.relay.start();
  });
  afterAll(async () => {
    await h?.dispose();
    await nats?.dispose();
  });

  it('publishes every event written during the outage exactly once after NATS returns', async () => {
    await nats.stop();
    const leads = Array.from({ length: 25 }, () => uuidv7());
    for (const lead of leads) await h.publishConverted(lead);
    // The relay keeps retrying while NATS is away; nothing is lost from the outbox.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await h.unpublished()).toBe(25);

    await nats.start();
    await waitFor(async () => (await h.unpublished()) === 0, {
      what: 'the outbox to drain after NATS returned',
      timeoutMs: 45_000,
    });
    expect(await h.streamMessages()).toBe(25);

    // And a consumer sees each of them once.
    await h.startConsumer();
    await waitFor(
      async () => (await Promise.all(leads.map((l) => h.applied(l)))).every((n) => n === 1),
      {
        what: 'every event to be applied',
        timeoutMs: 20_000,
      },
    );
    expect(h.outcomes.filter((o) => o === 'applied')).toHaveLength(25);
  }, 90_000);
});
