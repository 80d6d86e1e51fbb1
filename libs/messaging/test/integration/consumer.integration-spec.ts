import { waitFor } from '@studioflow/testing';
import { v7 as uuidv7 } from 'uuid';
import type { CloudEvent } from '@studioflow/contracts';
import { DeadLetter, Naming, buildEnvelope } from '../../src';
import { RequestContext } from '@studioflow/platform';
import { MessagingHarness } from '../support/messaging-harness';

/** Publishes `envelope` straight to the stream (as a relay would), under its own msg id. */
async function deliver(h: MessagingHarness, envelope: unknown, msgID = uuidv7()): Promise<void> {
  await h.nc
    .jetstream()
    .publish(
      Naming.eventSubject(h.options.subjectPrefix, 'crm.lead.converted'),
      JSON.stringify(envelope),
      {
        msgID,
      },
    );
}

function envelopeFor(h: MessagingHarness, leadId: string): CloudEvent {
  return RequestContext.run({ tenantId: h.tenantId, actorId: 'user-1' }, () =>
    buildEnvelope('crm', 'crm.lead.converted', h.leadConverted(leadId), leadId),
  );
}

async function deadLetters(h: MessagingHarness): Promise<DeadLetter[]> {
  return h.deadLetters.list({ includeReplayed: true });
}

describe('durable consumer with inbox', () => {
  let h: MessagingHarness;
  let failFor = new Set<string>();
  let crashBeforeAck = new Set<string>();

  beforeAll(async () => {
    h = await MessagingHarness.create({ maxDeliver: 3, backoffMs: [100, 200] });
    await h.startConsumer(
      async (event) => {
        if (failFor.has(event.data.leadId)) throw new Error(`cannot handle ${event.data.leadId}`);
        await h.count(event.data.leadId);
      },
      {
        afterCommit: (event) => {
          const lead = (event.data as { leadId: string }).leadId;
          if (crashBeforeAck.delete(lead)) throw new Error('process died before the ack');
        },
      },
    );
  });
  afterAll(() => h?.dispose());
  beforeEach(() => {
    failFor = new Set();
    crashBeforeAck = new Set();
  });

  it('applies the same event delivered twice only once', async () => {
    const lead = uuidv7();
    const envelope = envelopeFor(h, lead);
    await deliver(h, envelope);
    await deliver(h, envelope); // a second copy that slipped past JetStream de-duplication
    await waitFor(async () => h.outcomes.filter((o) => o === 'duplicate').length >= 1, {
      what: 'the duplicate delivery',
    });
    expect(await h.applied(lead)).toBe(1);
  });

  it('applies once an event whose handler committed but whose ack never happened', async () => {
    const lead = uuidv7();
    crashBeforeAck.add(lead);
    const duplicatesBefore = h.outcomes.filter((o) => o === 'duplicate').length;
    await deliver(h, envelopeFor(h, lead));
    await waitFor(
      async () => h.outcomes.filter((o) => o === 'duplicate').length > duplicatesBefore,
      {
        what: 'the redelivery after the lost ack',
      },
    );
    expect(await h.applied(lead)).toBe(1);
  });

  it('dead-letters a poison event after max_deliver and handles the events behind it', async () => {
    const poison = uuidv7();
    const behind = [uuidv7(), uuidv7(), uuidv7()];
    failFor.add(poison);
    await deliver(h, envelopeFor(h, poison));
    for (const lead of behind) await deliver(h, envelopeFor(h, lead));

    await waitFor(
      async () => (await Promise.all(behind.map((l) => h.applied(l)))).every((n) => n === 1),
      {
        what: 'the events behind the poison one',
      },
    );
    const dead = await waitFor(
      async () => (await deadLetters(h)).find((d) => d.payload.includes(poison)),
      { what: 'the poison event in the dead letters' },
    );
    expect(dead).toMatchObject({
      consumer: 'projects__crm_lead_converted',
      eventType: 'crm.lead.converted',
      tenantId: h.tenantId,
      attempts: 3,
    });
    expect(dead.reason).toContain(`cannot handle ${poison}`);
    expect(await h.applied(poison)).toBe(0);

    // Also published on the dead-letter subject for operators' tooling.
    const jsm = await h.nc.jetstreamManager();
    const stored = await jsm.streams.getMessage(Naming.deadLetterStream(h.options.subjectPrefix), {
      last_by_subj: Naming.deadLetterSubject(
        h.options.subjectPrefix,
        'projects',
        'crm.lead.converted',
      ),
    });
    expect(stored.string()).toContain(poison);

    // After the cause is fixed, an operator replays it: applied once, marked replayed.
    failFor.delete(poison);
    await expect(h.deadLetters.replay(dead.id)).resolves.toEqual({ applied: true });
    expect(await h.applied(poison)).toBe(1);
    await expect(h.deadLetters.replay(dead.id)).resolves.toEqual({ applied: false });
    expect(await h.applied(poison)).toBe(1);
    expect((await h.deadLetters.list()).some((d) => d.id === dead.id)).toBe(false);
  });

  it('dead-letters an event with an unknown contract version at once, with the reason', async () => {
    const lead = uuidv7();
    const envelope = {
      ...envelopeFor(h, lead),
      dataschema: 'urn:studioflow:event:crm.lead.converted:v2',
    };
    await deliver(h, envelope);
    const dead = await waitFor(
      async () => (await deadLetters(h)).find((d) => d.payload.includes(lead)),
      {
        what: 'the v2 event in the dead letters',
      },
    );
    expect(dead.attempts).toBe(1);
    expect(dead.reason).toMatch(/unsupported contract version.*v2.*knows crm\.lead\.converted v1/);
    expect(await h.applied(lead)).toBe(0);
  });

  it('dead-letters an envelope that is not valid JSON or whose data breaks the contract', async () => {
    await h.nc
      .jetstream()
      .publish(Naming.eventSubject(h.options.subjectPrefix, 'crm.lead.converted'), '{not json', {
        msgID: uuidv7(),
      });
    const lead = uuidv7();
    const envelope = envelopeFor(h, lead);
    await deliver(h, { ...envelope, data: { ...(envelope.data as object), clientId: 42 } });
    await waitFor(async () => (await deadLetters(h)).some((d) => d.payload === '{not json'), {
      what: 'the malformed message in the dead letters',
    });
    const invalid = await waitFor(
      async () => (await deadLetters(h)).find((d) => d.payload.includes(lead)),
      {
        what: 'the invalid payload in the dead letters',
      },
    );
    expect(invalid.reason).toMatch(/invalid data: \/clientId/);
  });
});
