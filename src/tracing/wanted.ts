type Env = Record<string, string | undefined>;

/**
 * The standard OpenTelemetry variables the BFF's tracing honours (the SDK reads them itself; this
 * list is what docs/configuration.md documents). Nothing here is a variable of our own.
 */
export const OTEL_VARIABLES = [
  'OTEL_SDK_DISABLED',
  'OTEL_EXPORTER_OTLP_ENDPOINT',
  'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
  'OTEL_EXPORTER_OTLP_PROTOCOL',
  'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'OTEL_EXPORTER_OTLP_HEADERS',
  'OTEL_EXPORTER_OTLP_TRACES_HEADERS',
  'OTEL_EXPORTER_OTLP_TIMEOUT',
  'OTEL_EXPORTER_OTLP_COMPRESSION',
  'OTEL_TRACES_EXPORTER',
  'OTEL_SERVICE_NAME',
  'OTEL_RESOURCE_ATTRIBUTES',
  'OTEL_TRACES_SAMPLER',
  'OTEL_TRACES_SAMPLER_ARG',
  'OTEL_BSP_SCHEDULE_DELAY',
  'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE',
  'OTEL_BSP_EXPORT_TIMEOUT',
] as const;

export type TracingDecision = { on: true } | { on: false; why: string };

const set = (v: string | undefined) => v !== undefined && v.trim() !== '';

/**
 * Tracing is off unless an OTLP endpoint is named: the SDK's own default (a collector on
 * localhost) would have every instance try to send spans to an address nobody chose.
 * `OTEL_SDK_DISABLED=true` always wins, and `OTEL_TRACES_EXPORTER=none` turns traces off as the
 * specification says.
 */
export function tracingWanted(env: Env): TracingDecision {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true')
    return { on: false, why: 'OTEL_SDK_DISABLED=true' };
  if (env.OTEL_TRACES_EXPORTER?.trim().toLowerCase() === 'none')
    return { on: false, why: 'OTEL_TRACES_EXPORTER=none' };
  if (!set(env.OTEL_EXPORTER_OTLP_ENDPOINT) && !set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT))
    return { on: false, why: 'set OTEL_EXPORTER_OTLP_ENDPOINT to send traces' };
  for (const name of ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const)
    if (set(env[name]) && !isHttpUrl(env[name]!.trim()))
      // The SDK would fall back to a collector on localhost: a typo must not send spans elsewhere.
      // The value is not echoed: it may carry credentials.
      throw new Error(`${name}: not an http:// or https:// URL (tracing needs an OTLP/HTTP endpoint)`);
  return { on: true };
}

function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
