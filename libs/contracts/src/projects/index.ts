export * from './project-created.v1';

/** Event types emitted by the projects service (`projects` stream). */
export const ProjectsEvents = {
  ProjectCreated: 'projects.project.created',
} as const;
