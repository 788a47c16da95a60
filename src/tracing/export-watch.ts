/**
 * What went wrong on the way out of the process: span batches the collector did not take
 * (`export_failed`) and spans the SDK dropped because its queue was full (`spans_dropped`). The SDK
 * would say so in lines of its own, unstructured and one per failure; this collects them, so the
 * process logs one readable line at most once a minute and counts them.
 */
import { context, ROOT_CONTEXT } from '@opentelemetry/api';

export type ExportProblemKind = 'export_failed' | 'spans_dropped';

export interface ExportProblem {
  kind: ExportProblemKind;
  spans: number;
  /** A short cause (an error code such as ECONNREFUSED, or an HTTP status), never a message's text. */
  cause?: string;
}

export type ExportWatch = ReturnType<typeof createExportWatch>;

export function createExportWatch() {
  let listener: ((p: ExportProblem) => void) | undefined;
  // Kept until someone listens (the logger is made after tracing starts).
  const early: ExportProblem[] = [];
  return {
    report(p: ExportProblem): void {
      // Outside any request's trace: the batch was ended by a timer that carries the last span's
      // context, and the line about it belongs to no request.
      if (listener) context.with(ROOT_CONTEXT, listener, undefined, p);
      else if (early.length < 100) early.push(p);
    },
    /** The one listener (the process's logger and metrics); what came before is handed over at once. */
    listen(l: (p: ExportProblem) => void): void {
      listener = l;
      for (const p of early.splice(0)) l(p);
    },
  };
}

/** A short, safe name for why an export failed: a code or a status, never text a collector wrote. */
export function causeOf(error: unknown): string {
  const e = error as { code?: unknown; name?: unknown; message?: unknown } | undefined;
  if (typeof e?.code === 'string' && /^[A-Z_]{2,32}$/.test(e.code)) return e.code;
  if (typeof e?.code === 'number') return `status_${e.code}`;
  const status = /\b([1-5]\d\d)\b/.exec(String(e?.message ?? ''))?.[1];
  if (status) return `status_${status}`;
  return typeof e?.name === 'string' && /^[A-Za-z]{1,40}$/.test(e.name) ? e.name : 'error';
}
