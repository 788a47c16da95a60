import express, { Router, type RequestHandler } from 'express';
import { sendBoom } from '../http/boom';
import { isObject } from '../http/parse-fault';

const DAY_MS = 24 * 3600 * 1000;

/**
 * A clock that runs off by a set amount, for the doctor's clock check: every answer's `Date`
 * header is stamped with it. `POST /__control/clock {"skewMs": 300000}` sets it (0 puts it back).
 */
export function createClock(): { stamp: RequestHandler; router: Router } {
  let skewMs = 0;
  const router = Router();
  router.post('/clock', express.json({ limit: '1kb' }), (req, res) => {
    const { skewMs: value } = isObject(req.body) ? req.body : {};
    if (typeof value !== 'number' || !Number.isInteger(value) || Math.abs(value) > DAY_MS)
      return sendBoom(res, 400, 'skewMs must be an integer number of milliseconds, at most a day either way');
    skewMs = value;
    res.json({ ok: true });
  });
  const stamp: RequestHandler = (_req, res, next) => {
    if (skewMs !== 0) res.setHeader('Date', new Date(Date.now() + skewMs).toUTCString());
    next();
  };
  return { stamp, router };
}
