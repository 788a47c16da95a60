/**
 * Whole-process suites, one file at a time: real Redis topologies (Cluster, Sentinel) from
 * test/topology, and the README's commands run as written (test/readme).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/topology', '<rootDir>/test/readme'],
  testMatch: ['<rootDir>/test/topology/**/*.test.ts', '<rootDir>/test/readme/**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testTimeout: 120000,
  // Each file starts several redis-server children or whole servers; one at a time on 2 cores.
  maxWorkers: 1,
};
