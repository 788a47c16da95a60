/**
 * The doctor (`npm run doctor`): checks a set-up before an investor logs in, and the login probe
 * (`--login`) that records, as shapes, what the configured Securitize really does. A process-edge
 * tool like src/process: it reads the configuration as `npm start` does and never loads src/dev.
 */
export { runDoctor } from './run-doctor';
export type { DoctorOptions, DoctorResult } from './run-doctor';
export { formatChecks } from './checks';
export type { Check, Status } from './checks';
export { runProbe } from './probe-run';
export type { Findings, ProbeOptions } from './probe-run';
export { answers, markdownReport } from './probe-report';
