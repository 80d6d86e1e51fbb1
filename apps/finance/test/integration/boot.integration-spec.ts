import { describeServiceBoot } from '@studioflow/testing';

describeServiceBoot({ app: 'finance', dependencies: ['postgres', 'nats'] });
