// Shared Jest settings for every project: SWC transpiles TypeScript (with legacy decorators
// and decorator metadata, which NestJS and MikroORM need); unit specs sit beside the code,
// integration specs under test/integration and talk to real PostgreSQL, NATS and Redis.
const nxPreset = require('@nx/jest/preset').default;

/** @type {import('jest').Config} */
module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', decorators: true, dynamicImport: true },
          transform: { decoratorMetadata: true, legacyDecorator: true },
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.integration-spec.ts'],
  testTimeout: 60_000,
  // NestJS, MikroORM and class-validator read decorator metadata through the Reflect API.
  setupFiles: ['reflect-metadata'],
};
