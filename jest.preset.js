// Shared jest settings: SWC transpiles TypeScript (types are checked by `tsc` in the typecheck task).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  // Resolve workspace packages to their TypeScript sources, not to dist/.
  testEnvironmentOptions: { customExportConditions: ['newswindow-source', 'node', 'require', 'default'] },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // Dynamic imports name the compiled files ('./study.js', as Node resolves them); under jest they load the .ts, in
  // every package that reaches them (the CLI's command registry is also loaded by the cross-service e2e tests).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
