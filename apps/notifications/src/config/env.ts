import { BaseEnv } from '@studioflow/platform';

/** Environment of the notifications service (reminders, in-app notifications, e-mail); every variable is listed in the README. */
export class NotificationsEnv extends BaseEnv {
  override PORT = 3004;
}
