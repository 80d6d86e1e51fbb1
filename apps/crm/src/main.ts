import 'reflect-metadata';
import { runStudioflowService } from '@studioflow/messaging';
import { crmService } from './app.module';

runStudioflowService(crmService);
