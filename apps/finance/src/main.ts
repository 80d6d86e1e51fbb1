import 'reflect-metadata';
import { runStudioflowService } from '@studioflow/messaging';
import { financeService } from './app.module';

runStudioflowService(financeService);
