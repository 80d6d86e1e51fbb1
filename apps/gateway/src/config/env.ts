import { BaseEnv } from '@studioflow/platform';

/** Environment of the gateway, the only HTTP door into the system (owns tenants, users and API keys); every variable is listed in the README. */
export class GatewayEnv extends BaseEnv {
  override PORT = 3000;
}
