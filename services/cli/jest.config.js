module.exports = {
  ...require('../../jest.preset.js'),
  rootDir: __dirname,
  // The registry's dynamic imports name the compiled files ('./study.js', as Node resolves them); tests load the .ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
