module.exports = {
  displayName: '@studioflow/messaging',
  preset: '../../jest.preset.js',
};
