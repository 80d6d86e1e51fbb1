module.exports = {
  displayName: '@studioflow/platform',
  preset: '../../jest.preset.js',
};
