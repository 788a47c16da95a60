/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The Redis Cluster/Sentinel/many-instance suite runs on its own: npm run test:topology.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/topology/'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 30000,
  // Tests spawn their own redis-server children; two workers suit a 2-core machine.
  maxWorkers: 2,
};
