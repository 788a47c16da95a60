/**
 * The production process: the edge parts main.ts uses before tracing starts (`.env`, signals), and
 * the rest of the server, loaded only when run: express, ioredis and axios must load after
 * tracing has started, so that its instrumentations patch them.
 */
import type { Lifecycle } from './lifecycle';
import type { Started } from './run';

export { withEnvFile } from './env-file';
export { unknownVariableWarnings } from './unknown-variables';
export { createLifecycle, say } from './lifecycle';
export type { Lifecycle } from './lifecycle';
export type { Started } from './run';

export function runServer(life: Lifecycle, started: Started): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded after tracing has started
  return (require('./run') as typeof import('./run')).runServer(life, started);
}
