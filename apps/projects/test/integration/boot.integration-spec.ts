import { describeServiceBoot } from '@studioflow/testing';

describeServiceBoot({ app: 'projects', dependencies: ['postgres', 'nats'] });
