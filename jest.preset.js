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
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
};
