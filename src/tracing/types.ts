import type { Tracer } from '@opentelemetry/api';
import type { ExportProblem } from './export-watch';

/** Tracing as the process started it: the tracer our spans come from, and how to flush at exit. */
export interface Tracing {
  tracer: Tracer;
  /** Where spans go, for the start-up line (the endpoint's origin only, never credentials). */
  describe: { protocol: string; endpoint: string };
  /** Sends what is buffered and stops; called once, at shutdown. */
  shutdown(): Promise<void>;
  /** Span batches the collector refused or could not take, and spans dropped on a full queue. */
  onExportProblem(listener: (p: ExportProblem) => void): void;
}
