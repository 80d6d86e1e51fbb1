export * from './envelope';
export * from './event-map';
export * from './common/money';
export * from './crm';
export * from './projects';
