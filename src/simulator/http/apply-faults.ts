import type { RequestHandler, Response } from 'express';
import type { SimulatorState } from '../state';
import type { FaultKind } from '../types';
import { boom } from './boom';

const GARBAGE = '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>\n{"status":';
const TRICKLE_STEPS = 10;

function sendStatus(res: Response, fault: Extract<FaultKind, { kind: 'status' }>): void {
  res.status(fault.status).set(fault.headers ?? {});
  if (fault.status === 204 || fault.status === 304) return void res.end();
  if (typeof fault.body === 'string') return void res.send(fault.body);
  res.json(fault.body === undefined ? boom(fault.status) : fault.body);
}

// Valid JSON once complete, so only a client without a total deadline is fooled by it.
const TRICKLE_BODY = Buffer.from(
  JSON.stringify({
    status: 0,
    data: { trickled: true, note: 'sent slowly on purpose' },
    error: {},
    success: true,
  }),
);

function trickle(res: Response, totalMs: number): void {
  const cut = (step: number) => Math.floor((step * TRICKLE_BODY.length) / TRICKLE_STEPS);
  res
    .status(200)
    .set({ 'content-type': 'application/json; charset=utf-8', 'content-length': TRICKLE_BODY.length });
  res.flushHeaders();
  let step = 0;
  const timer = setInterval(() => {
    step += 1;
    const chunk = TRICKLE_BODY.subarray(cut(step - 1), cut(step));
    if (step < TRICKLE_STEPS) return void res.write(chunk);
    clearInterval(timer);
    res.end(chunk);
  }, totalMs / TRICKLE_STEPS);
  res.on('close', () => clearInterval(timer));
}

function huge(res: Response, bytes: number): void {
  const head = '{"status":0,"data":{"padding":"';
  const tail = '"},"error":{},"success":true}';
  const body = Buffer.alloc(Math.max(bytes, head.length + tail.length), 'x');
  body.write(head, 0);
  body.write(tail, body.length - tail.length);
  res.status(200).set({ 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
  res.end(body);
}

/** Applies the first pending fault that matches this API call, if any, instead of (or before) the real handler. */
export function applyFaults(state: SimulatorState): RequestHandler {
  return (req, res, next) => {
    const fault = state.faults.take(req.method, req.baseUrl + req.path);
    if (!fault) return next();
    switch (fault.kind) {
      case 'status':
        return sendStatus(res, fault);
      case 'delay': {
        const timer = setTimeout(next, fault.ms);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      case 'garbage':
        return void res.status(200).set('content-type', 'application/json; charset=utf-8').send(GARBAGE);
      case 'trickle':
        return trickle(res, fault.totalMs);
      case 'drop':
        return void req.socket.destroy();
      case 'huge':
        return huge(res, fault.bytes);
      case 'redirect':
        return res.redirect(302, fault.location);
    }
  };
}
