import type { Request } from 'express';
import { storeUnavailable } from '../redis-errors';

/** Promise forms of express-session's callbacks; any store error becomes a 503 AppError. */
const wrap = (op: string, fn: (cb: (err?: unknown) => void) => void) =>
  new Promise<void>((resolve, reject) => fn((err) => (err ? reject(storeUnavailable(err, op)) : resolve())));

export const regenerateSession = (req: Request) => wrap('regenerate', (cb) => req.session.regenerate(cb));
export const saveSession = (req: Request) => wrap('save', (cb) => req.session.save(cb));
export const destroySession = (req: Request) => wrap('destroy', (cb) => req.session.destroy(cb));
