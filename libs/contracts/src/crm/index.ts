export * from './lead-converted.v1';

/** Event types emitted by the CRM service (`crm` stream). */
export const CrmEvents = {
  LeadConverted: 'crm.lead.converted',
} as const;
