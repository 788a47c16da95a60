/**
 * Counts a product instance's warn and error log lines (pino JSON, level 40 and up) by event, with
 * the error code and its cause where the line has them (`http_error:upstream_unavailable
 * (ECONNRESET)`); info lines, one access line a request, are skipped unparsed.
 */
export interface LogEvents {
  line(line: string): void;
  /** Starts the counts again (after the checks, before the measured load). */
  reset(): void;
  counts(): Record<string, number>;
  /** Every line since the last reset: one access line a request at least, so the capture is seen to work. */
  lines(): number;
}

export function logEvents(): LogEvents {
  let counts: Record<string, number> = {};
  let lines = 0;
  return {
    line(line) {
      lines++;
      if (!/^\{"level":[4-6]\d/.test(line)) return;
      try {
        const o = JSON.parse(line) as {
          event?: string;
          msg?: string;
          code?: string;
          detail?: { cause?: string };
        };
        const key =
          [o.event ?? o.msg ?? '?', o.code].filter(Boolean).join(':') +
          (o.detail?.cause ? ` (${o.detail.cause})` : '');
        counts[key] = (counts[key] ?? 0) + 1;
      } catch {
        counts['(unparsed line)'] = (counts['(unparsed line)'] ?? 0) + 1;
      }
    },
    reset() {
      counts = {};
      lines = 0;
    },
    counts: () => ({ ...counts }),
    lines: () => lines,
  };
}
