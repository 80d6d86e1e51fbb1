import { describeServiceBoot } from '@studioflow/testing';

describeServiceBoot({ app: 'gateway', dependencies: ['postgres', 'nats', 'redis'] });
