module.exports = {
  displayName: 'projects',
  preset: '../../jest.preset.js',
};
