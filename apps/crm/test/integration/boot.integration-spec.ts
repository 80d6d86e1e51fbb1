import { describeServiceBoot } from '@studioflow/testing';

describeServiceBoot({ app: 'crm', dependencies: ['postgres', 'nats'] });
