/* eslint-disable @typescript-eslint/no-require-imports -- the SDK is loaded only when tracing is on */
import type { Tracing } from './types';
import { TracingDecision, tracingWanted } from './wanted';

type Env = Record<string, string | undefined>;

/**
 * Starts tracing when the environment asks for it, else loads nothing: with tracing off not one
 * SDK module is in the process. Call it before anything that makes HTTP calls or talks to Redis
 * is loaded (src/main.ts does).
 */
export function startTracing(
  env: Env,
  warn: (line: string) => void,
): { tracing: Tracing | undefined; decision: TracingDecision } {
  const decision = tracingWanted(env);
  if (!decision.on) return { tracing: undefined, decision };
  const { startSdk } = require('./sdk') as typeof import('./sdk');
  return { tracing: startSdk(env, warn), decision };
}
