/**
 * The Docker suite (test/docker/*.docker.ts): the image built, run and composed on a real engine.
 * Only scripts/docker-ci.sh (npm run test:docker) runs it, once it has started that engine and made
 * the stand-in base images; `npm test` never sees these files (they are not *.test.ts).
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/docker'],
  testMatch: ['<rootDir>/test/docker/*.docker.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // Build, then run, then compose: in file-name order, one at a time (2 cores, one engine).
  testSequencer: '<rootDir>/test/docker/sequencer.js',
  maxWorkers: 1,
  testTimeout: 120000,
};
