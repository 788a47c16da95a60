import express, { type Request, type RequestHandler } from 'express';
import type { SimulatorState } from '../state';
import type { RecordedCall } from '../types';
import { sendBoom } from './boom';

// Raw first, so that calls() can show exactly what a client sent even when it is not valid JSON.
const readRaw = express.raw({ type: () => true, limit: '1mb' });

/** Records every /v1 call, then leaves req.body as parsed JSON, the raw text, or undefined when empty. */
export function createApiIntake(state: SimulatorState): RequestHandler[] {
  // A WeakMap, so calls whose body was rejected (too large, bad encoding) leave nothing behind.
  const current = new WeakMap<object, RecordedCall>();

  const record: RequestHandler = (req, _res, next) => {
    const call: RecordedCall = {
      method: req.method,
      path: req.baseUrl + req.path,
      query: { ...req.query },
      headers: { ...req.headers },
      body: undefined,
      at: state.options.now(),
    };
    state.calls.push(call);
    current.set(req, call);
    next();
  };

  const parse: RequestHandler = (req, res, next) => {
    const raw: unknown = req.body;
    const call = current.get(req);
    current.delete(req);
    if (!Buffer.isBuffer(raw) || raw.length === 0) {
      req.body = undefined;
      return next();
    }
    const text = raw.toString('utf8');
    if (call) call.body = text;
    if (!req.is('json')) {
      req.body = text;
      return next();
    }
    try {
      req.body = JSON.parse(text);
    } catch {
      return sendBoom(res, 400, 'Invalid request payload JSON format');
    }
    if (call) call.body = req.body;
    next();
  };

  return [record, readRaw, parse];
}

/** A body arrived but not as JSON: the documented endpoints only take JSON (docs/securitize.md, "Credentials"). */
export function hasNonJsonBody(req: Request): boolean {
  return req.body !== undefined && !req.is('json');
}
