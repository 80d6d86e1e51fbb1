import { dataSchemaUri, parseDataSchemaVersion } from './envelope';

describe('dataschema URIs', () => {
  it('round-trips the contract version of an event type', () => {
    const uri = dataSchemaUri('crm.lead.converted', 3);

    expect(uri).toBe('urn:studioflow:event:crm.lead.converted:v3');
    expect(parseDataSchemaVersion('crm.lead.converted', uri)).toBe(3);
  });

  it.each([
    ['another event type', 'urn:studioflow:event:projects.project.created:v1'],
    ['no version', 'urn:studioflow:event:crm.lead.converted:v'],
    ['a version that is not a positive integer', 'urn:studioflow:event:crm.lead.converted:v1.5'],
    ['version zero', 'urn:studioflow:event:crm.lead.converted:v0'],
    ['a foreign URI', 'https://example.com/schema.json'],
    ['no string at all', 42],
  ])('reads no version from %s', (_case, dataschema) => {
    expect(parseDataSchemaVersion('crm.lead.converted', dataschema)).toBeUndefined();
  });
});
