module.exports = {
  displayName: '@studioflow/persistence',
  preset: '../../jest.preset.js',
};
