import type { Logger } from 'pino';
import type { Metrics } from '../metrics';

/** What was refused before anyone was authenticated: each kind is a metric label (a closed set). */
export type RefusalKind = 'admin_token' | 'webhook_token' | 'webhook_signature' | (string & {});

const LOG_EVERY_MS = 10_000;

/**
 * Requests that fail to authenticate (a wrong admin token, a wrong webhook path or signature) are
 * counted (`bff_refused_total{kind}`) and logged at most once per 10 s per kind, with how many
 * were refused since: never written to the audit stream, so a flood of them cannot push real
 * evidence out of the capped trail, nor fill the logs.
 */
export function createRefusals(deps: {
  logger: Pick<Logger, 'warn'>;
  metrics: Pick<Metrics, 'refused'>;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const last = new Map<string, { at: number; unlogged: number }>();
  return {
    /** `detail`: safe codes only (a reason, a path written without its secret), never a value presented. */
    refused(kind: RefusalKind, detail: Record<string, string | number> = {}): void {
      deps.metrics.refused(kind);
      const seen = last.get(kind);
      const t = now();
      if (seen && t - seen.at < LOG_EVERY_MS) {
        seen.unlogged += 1;
        return;
      }
      last.set(kind, { at: t, unlogged: 0 });
      deps.logger.warn(
        { event: 'request_refused', kind, ...detail, refusedSinceLastLine: seen?.unlogged ?? 0 },
        `refused: ${kind} (one line per 10 s at most; bff_refused_total counts each)`,
      );
    },
  };
}

export type Refusals = ReturnType<typeof createRefusals>;
