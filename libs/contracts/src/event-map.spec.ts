import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { EVENT_CONTRACTS, producerOf, type EventType } from './event-map';

const uuid = '01a201a3-67c2-74ed-9c7b-8b86c7a4a3f7';

function errorsOf(type: EventType, data: object): string[] {
  const contract = EVENT_CONTRACTS[type];
  const payload = plainToInstance(contract.versions[contract.current], data);
  return validateSync(payload).flatMap((e) => [
    e.property,
    ...(e.children ?? []).map((c) => `${e.property}.${c.property}`),
  ]);
}

describe('EVENT_CONTRACTS', () => {
  it('names the producing service by the first segment of the type', () => {
    expect(producerOf('crm.lead.converted')).toBe('crm');
    expect(producerOf('projects.project.created')).toBe('projects');
  });

  it('knows a current version for every event type, and that version has a payload class', () => {
    for (const contract of Object.values(EVENT_CONTRACTS)) {
      expect(contract.versions[contract.current]).toEqual(expect.any(Function));
    }
  });

  it('accepts a complete crm.lead.converted v1 and rejects a float fee or a foreign currency code', () => {
    const valid = {
      leadId: uuid,
      clientId: uuid,
      clientName: 'Menon & Sons',
      projectName: 'Residence at Kakkanad',
      feeEstimate: { amount: '1250000.00', currency: 'INR' },
    };
    expect(errorsOf('crm.lead.converted', valid)).toEqual([]);
    expect(
      errorsOf('crm.lead.converted', {
        ...valid,
        feeEstimate: { amount: 1250000.5, currency: 'RUPEES' },
      }),
    ).toEqual(['feeEstimate', 'feeEstimate.amount', 'feeEstimate.currency']);
  });

  it('requires a project id, code, name and client on projects.project.created v1', () => {
    expect(errorsOf('projects.project.created', {}).sort()).toEqual([
      'clientId',
      'code',
      'name',
      'projectId',
    ]);
    expect(
      errorsOf('projects.project.created', {
        projectId: uuid,
        code: 'P-2026-014',
        name: 'Clinic at Thrissur',
        clientId: uuid,
        handoverDate: '2027-03-31',
      }),
    ).toEqual([]);
  });

  it('rejects a handover date that is not a YYYY-MM-DD calendar date', () => {
    const base = { projectId: uuid, code: 'P-2026-014', name: 'Clinic', clientId: uuid };
    expect(errorsOf('projects.project.created', { ...base, handoverDate: '31/03/2027' })).toEqual([
      'handoverDate',
    ]);
  });
});
