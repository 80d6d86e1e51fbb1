import { BaseEnv } from '@studioflow/platform';

/** Environment of the finance service (GST invoices, payments, cashbook); every variable is listed in the README. */
export class FinanceEnv extends BaseEnv {
  override PORT = 3003;
}
