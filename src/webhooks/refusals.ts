import type { Logger } from 'pino';
import type { Metrics } from '../metrics';

export type RefusalKind = 'webhook_token' | 'webhook_signature';

/** One log line per kind at most this often; the lines between are counted into the next one. */
const LOG_EVERY_MS = 10_000;

/**
 * Deliveries refused before they were read (a wrong path token, a bad or missing signature):
 * always counted, logged at a bounded rate (a flood writes a line every ten seconds, saying how
 * many it stands for), never with the path, the token or the body, and handed to `refused` (the
 * audit trail counts them apart; they are never written as events).
 */
export function createRefusals(deps: {
  logger: Logger;
  metrics: Pick<Metrics, 'webhookRefused'>;
  refused?: (kind: RefusalKind, detail?: string) => void;
}) {
  const last = new Map<RefusalKind, { at: number; since: number }>();
  return (kind: RefusalKind, detail?: string) => {
    deps.metrics.webhookRefused(kind === 'webhook_token' ? 'token' : 'signature');
    deps.refused?.(kind, detail);
    const now = Date.now();
    const seen = last.get(kind) ?? { at: 0, since: 0 };
    seen.since += 1;
    if (now - seen.at >= LOG_EVERY_MS) {
      deps.logger.warn(
        { event: 'webhook_refused', kind, ...(detail && { detail }), refusals: seen.since },
        'webhook delivery refused',
      );
      seen.at = now;
      seen.since = 0;
    }
    last.set(kind, seen);
  };
}
