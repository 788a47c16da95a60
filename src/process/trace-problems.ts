import type { Logger } from 'pino';
import type { Metrics } from '../metrics';
import type { ExportProblemKind, Tracing } from '../tracing';

const EVERY_MS = 60_000;
const SAYS: Record<ExportProblemKind, string> = {
  export_failed: 'spans could not be exported',
  spans_dropped: 'spans were dropped (the export queue was full)',
};

/**
 * Failed and dropped span exports, as one readable JSON line per kind at most once a minute (what
 * happened since the last line, with its causes) and a counter of the spans. A collector that is
 * down must not fill the log, nor go unnoticed.
 */
export function reportExportProblems(
  tracing: Tracing,
  logger: Logger,
  metrics: Pick<Metrics, 'traceExportProblem'>,
  now: () => number = Date.now,
): void {
  const said = new Map<ExportProblemKind, number>();
  const since = new Map<ExportProblemKind, { spans: number; times: number; causes: Set<string> }>();
  tracing.onExportProblem((p) => {
    metrics.traceExportProblem(p.kind, p.spans);
    const s = since.get(p.kind) ?? { spans: 0, times: 0, causes: new Set<string>() };
    s.spans += p.spans;
    s.times += 1;
    if (p.cause && s.causes.size < 5) s.causes.add(p.cause);
    since.set(p.kind, s);
    if (now() - (said.get(p.kind) ?? -Infinity) < EVERY_MS) return;
    said.set(p.kind, now());
    since.delete(p.kind);
    const causes = [...s.causes];
    logger.warn(
      { event: 'trace_export_problem', kind: p.kind, spans: s.spans, times: s.times, causes },
      `tracing: ${s.spans} ${SAYS[p.kind]}${causes.length ? ` (${causes.join(', ')})` : ''}; the next such line comes a minute later at the earliest (bff_trace_export_problems_total counts them all)`,
    );
  });
}
