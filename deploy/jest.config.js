module.exports = {
  displayName: '@studioflow/deploy',
  preset: '../jest.preset.js',
  testMatch: ['<rootDir>/test/**/*.spec.ts'],
};
