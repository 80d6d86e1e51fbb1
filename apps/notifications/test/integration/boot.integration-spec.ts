import { describeServiceBoot } from '@studioflow/testing';

describeServiceBoot({ app: 'notifications', dependencies: ['postgres', 'nats', 'redis'] });
