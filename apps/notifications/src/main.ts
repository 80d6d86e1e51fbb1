import 'reflect-metadata';
import { runStudioflowService } from '@studioflow/messaging';
import { notificationsService } from './app.module';

runStudioflowService(notificationsService);
