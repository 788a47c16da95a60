/**
 * Real Redis topologies (Cluster, Sentinel) from test/topology: npx jest -c jest.topology.config.js
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/topology'],
  testMatch: ['<rootDir>/test/topology/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  // Each file starts several redis-server children; one file at a time on a 2-core machine.
  maxWorkers: 1,
};
