import { createLifecycle, runServer, say, withEnvFile } from './process';
import { startTracing } from './tracing';

/**
 * The process edge: the only file that reads process.env. Its order matters: the signal handlers
 * first (a stop at any stage of start-up exits 0), then tracing, and only then the server and
 * everything it loads (express, ioredis, axios, http-proxy-3), so that with tracing on the
 * instrumentations patch them as they load; with tracing off no SDK module is loaded at all.
 */
const life = createLifecycle();
life.handleSignals();
try {
  const fromFile = withEnvFile(process.env);
  // The SDK reads its OTEL_* variables from the process environment alone: `.env`'s join it there.
  for (const k of fromFile.keys) if (k.startsWith('OTEL_')) process.env[k] = fromFile.env[k];
  const { tracing, decision } = startTracing(fromFile.env, (line) => say(`Tracing: ${line}`));
  runServer(life, { ...fromFile, tracing, tracingOff: decision.on ? undefined : decision.why }).catch(
    (err: unknown) => life.fatal(err),
  );
} catch (err) {
  void life.fatal(err);
}
