import 'reflect-metadata';
import { runStudioflowService } from '@studioflow/messaging';
import { projectsService } from './app.module';

runStudioflowService(projectsService);
