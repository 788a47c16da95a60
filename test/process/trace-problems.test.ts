import { createMetrics } from '../../src/metrics';
import { reportExportProblems } from '../../src/process/trace-problems';
import type { ExportProblem, Tracing } from '../../src/tracing';

/** Failed and dropped span exports: one readable line per kind at most once a minute, every span counted. */
function setUp() {
  let listener: (p: ExportProblem) => void = () => undefined;
  const tracing = { onExportProblem: (l: typeof listener) => (listener = l) } as unknown as Tracing;
  const lines: Array<{ fields: Record<string, unknown>; text: string }> = [];
  const logger = { warn: (fields: Record<string, unknown>, text: string) => lines.push({ fields, text }) };
  const metrics = createMetrics({ defaultMetrics: false });
  let t = 1_000_000;
  reportExportProblems(tracing, logger as never, metrics, () => t);
  return { report: (p: ExportProblem) => listener(p), lines, metrics, advance: (ms: number) => (t += ms) };
}

test('a collector that stays down gives one line a minute, with what happened since the last one', async () => {
  const s = setUp();
  for (let i = 0; i < 50; i++) {
    s.report({ kind: 'export_failed', spans: 10, cause: 'ECONNREFUSED' });
    s.advance(1000);
  }
  // At 0 s, and again once a minute had passed (the 61st second falls after the 50th report).
  expect(s.lines).toHaveLength(1);
  s.advance(20_000);
  s.report({ kind: 'export_failed', spans: 10, cause: 'status_503' });
  expect(s.lines).toHaveLength(2);
  expect(s.lines[1]!.fields).toMatchObject({ kind: 'export_failed', spans: 500, times: 50 });
  expect(s.lines[1]!.fields.causes).toEqual(['ECONNREFUSED', 'status_503']);
  expect(s.lines[1]!.text).toMatch(/^tracing: 500 spans could not be exported \(ECONNREFUSED, status_503\)/);
  const text = await s.metrics.registry.metrics();
  expect(text).toContain('bff_trace_export_problems_total{kind="export_failed"} 510');
});

test('dropped spans are a kind of their own, with its own minute', async () => {
  const s = setUp();
  s.report({ kind: 'export_failed', spans: 1 });
  s.report({ kind: 'spans_dropped', spans: 2048 });
  expect(s.lines.map((l) => l.fields.kind)).toEqual(['export_failed', 'spans_dropped']);
  expect(s.lines[1]!.text).toContain('2048 spans were dropped (the export queue was full)');
  expect(await s.metrics.registry.metrics()).toContain(
    'bff_trace_export_problems_total{kind="spans_dropped"} 2048',
  );
});
