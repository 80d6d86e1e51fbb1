import { Controller, Injectable, Module } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { MessagePattern, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { CloudEvent, LeadConvertedV1 } from '@studioflow/contracts';
import { BaseEnv, RequestContext } from '@studioflow/platform';
import { uniquePrefix, waitFor } from '@studioflow/testing';
import { IsUUID } from 'class-validator';
import { v7 as uuidv7 } from 'uuid';
import { EventPublisher, OnEvent, RpcClient, type ServiceDefinition } from '../../src';
import { InProcessServices } from '../support/in-process-services';
import { Tally, TallyMigration } from '../support/tally.entity';

const prefix = uniquePrefix();
const CONVERT = `${prefix}.rpc.crm.leads.convert`;
const tallyMigration = [{ name: 'Migration20261122000900_tally', class: TallyMigration }];

class ConvertLeadDto {
  @IsUUID()
  leadId: string;
}

/** A producer use case: one state change and its event, in one flush. */
@Controller()
class LeadsController {
  constructor(
    private readonly em: EntityManager,
    private readonly events: EventPublisher,
  ) {}

  @MessagePattern(CONVERT)
  async convert(@Payload() dto: ConvertLeadDto): Promise<{ eventId: string }> {
    this.em.create(Tally, { key: `converted:${dto.leadId}` });
    const event = this.events.publish(
      'crm.lead.converted',
      {
        leadId: dto.leadId,
        clientId: uuidv7(),
        clientName: 'Thomas Associates',
        projectName: 'Clinic at Thrissur',
        feeEstimate: { amount: '480000.00', currency: 'INR' },
      },
      dto.leadId,
    );
    await this.em.flush();
    return { eventId: event.id };
  }
}

/** A consumer discovered through `@OnEvent`. */
@Injectable()
class LeadConvertedHandler {
  constructor(private readonly em: EntityManager) {}

  @OnEvent('crm.lead.converted')
  async onLeadConverted(event: CloudEvent<LeadConvertedV1>): Promise<void> {
    const tally =
      (await this.em.findOne(Tally, { key: event.data.leadId })) ??
      this.em.create(Tally, { key: event.data.leadId });
    tally.applied += 1;
  }
}

@Module({ controllers: [LeadsController] })
class CrmTestModule {}

@Module({ providers: [LeadConvertedHandler] })
class ProjectsTestModule {}

class TestEnv extends BaseEnv {}

const crm: ServiceDefinition<TestEnv> = {
  service: 'crm',
  schema: 'crm',
  envClass: TestEnv,
  entities: [Tally],
  migrations: tallyMigration,
  imports: () => [CrmTestModule],
};

const projects: ServiceDefinition<TestEnv> = {
  service: 'projects',
  schema: 'projects',
  envClass: TestEnv,
  entities: [Tally],
  migrations: tallyMigration,
  imports: () => [ProjectsTestModule],
};

describe('service kernel: RPC in, outbox out, @OnEvent consumer across two services', () => {
  let services: InProcessServices;
  let crmApp: NestFastifyApplication;
  let projectsApp: NestFastifyApplication;

  beforeAll(async () => {
    services = await InProcessServices.create(prefix, { OUTBOX_POLL_INTERVAL_MS: '200' });
    // The consumer boots first: it waits for the producer's stream to appear.
    projectsApp = await services.boot(projects);
    crmApp = await services.boot(crm);
  });

  afterAll(() => services?.close());

  it('delivers the event of a committed command to the other service exactly once', async () => {
    const tenantId = uuidv7();
    const leads = [uuidv7(), uuidv7(), uuidv7()];
    const client = crmApp.get(RpcClient);
    for (const leadId of leads) {
      await RequestContext.run({ tenantId, actorId: 'user-7' }, () =>
        client.send(CONVERT, { leadId }),
      );
    }
    const em = projectsApp.get(EntityManager);
    const applied = () =>
      RequestContext.run({ tenantId }, async () => {
        const rows = await em.fork().find(Tally, { key: { $in: leads } });
        return rows.reduce((sum, row) => sum + row.applied, 0);
      });
    await waitFor(async () => (await applied()) === leads.length, {
      what: 'projects to apply every conversion',
      timeoutMs: 20_000,
    });
    // Nothing more arrives later.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await applied()).toBe(leads.length);
  });

  it('refuses a command without a tenant: nothing stored, nothing published', async () => {
    const client = crmApp.get(RpcClient);
    await expect(
      RequestContext.run({}, () => client.send(CONVERT, { leadId: uuidv7() })),
    ).rejects.toThrow();
  });
});
