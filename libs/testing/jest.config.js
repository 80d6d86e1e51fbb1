module.exports = {
  displayName: '@studioflow/testing',
  preset: '../../jest.preset.js',
};
