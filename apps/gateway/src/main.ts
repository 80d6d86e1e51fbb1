import 'reflect-metadata';
import { runStudioflowService } from '@studioflow/messaging';
import { gatewayService } from './app.module';

runStudioflowService(gatewayService);
