module.exports = {
  displayName: '@studioflow/contracts',
  preset: '../../jest.preset.js',
};
