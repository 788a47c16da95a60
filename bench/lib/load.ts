import type { IncomingHttpHeaders } from 'node:http';
import autocannon from 'autocannon';
import { cpuPerRequest, cpuSnapshot } from './proc';
import { percentileSorted } from './stats';

export interface LoadSpec {
  url: string;
  path: string;
  headers?: Record<string, string>;
  connections: number;
  /** Seconds; ignored when `amount` is set. */
  duration?: number;
  amount?: number;
  /** Per-request path and headers from a prepared list (one-time codes and transactions). */
  next?: () => { path: string; headers: Record<string, string> };
  /** Whether a response counts as a success; it sees the headers (a 303 can still be an error). */
  ok: (status: number, headers: IncomingHttpHeaders) => boolean;
  /** Processes whose CPU is charged to this load, by name (the server under test first). */
  pids: Record<string, number>;
}

export interface LoadResult {
  seconds: number;
  responses: number;
  ok: number;
  /** Responses that were not a success, plus connection errors and timeouts. */
  failed: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU microseconds per successful request, per process. */
  cpuUsPerReq: Record<string, number>;
}

/**
 * One autocannon run. Latencies are recorded here, from every response, unrounded: autocannon's
 * own histogram works in whole milliseconds and skips non-2xx answers, and scenario 2 needs
 * sub-millisecond p50s and scenario 3 answers 303.
 */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const latencies: number[] = [];
  let ok = 0;
  let responses = 0;
  const request: autocannon.Request = {
    onResponse: (status, _body, _ctx, headers) => {
      responses++;
      // autocannon hands over the raw header names (`Location`); node's convention is lower case.
      const lower = Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      if (spec.ok(status, lower as IncomingHttpHeaders)) ok++;
    },
  };
  if (spec.next) {
    const next = spec.next;
    request.setupRequest = (req) => ({ ...req, ...next() });
  }
  const before = cpuSnapshot(spec.pids);
  const started = process.hrtime.bigint();
  let lastResponse = started;
  return new Promise((resolve, reject) => {
    const options: autocannon.Options = {
      url: spec.url + spec.path,
      headers: spec.headers,
      connections: spec.connections,
      requests: [request],
    };
    // autocannon rejects keys that are present but undefined.
    if (spec.amount !== undefined) options.amount = spec.amount;
    else options.duration = spec.duration ?? 10;
    const instance = autocannon(options, (err, result) => {
      if (err) return reject(err);
      // Up to the last response: with `amount`, autocannon reports done only at its next 1 s tick.
      const seconds = Number(lastResponse - started) / 1e9;
      const after = cpuSnapshot(spec.pids);
      latencies.sort((a, b) => a - b);
      resolve({
        seconds,
        responses,
        ok,
        failed: responses - ok + result.errors,
        reqPerSec: ok / seconds,
        p50Ms: percentileSorted(latencies, 50),
        p99Ms: percentileSorted(latencies, 99),
        cpuUsPerReq: cpuPerRequest(before, after, ok),
      });
    });
    instance.on('response', (_client, _status, _bytes, ms) => {
      latencies.push(ms);
      lastResponse = process.hrtime.bigint();
    });
  });
}
