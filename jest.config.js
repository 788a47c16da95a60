/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Redis Cluster/Sentinel/many-instance suite and the README's own commands (which build the
  // project and start whole servers on fixed ports) run on their own, one file at a time:
  // npm run test:topology.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/topology/', '<rootDir>/test/readme/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // Tests spawn their own redis-server children; two workers suit a 2-core machine.
  maxWorkers: 2,
};
