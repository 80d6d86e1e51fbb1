import { BaseEnv } from '@studioflow/platform';

/** Environment of the CRM service (clients, contacts, leads, pipeline, tickets); every variable is listed in the README. */
export class CrmEnv extends BaseEnv {
  override PORT = 3001;
}
