import { BaseEnv } from '@studioflow/platform';

/** Environment of the projects service (projects, tasks, milestones, site visits, documents); every variable is listed in the README. */
export class ProjectsEnv extends BaseEnv {
  override PORT = 3002;
}
