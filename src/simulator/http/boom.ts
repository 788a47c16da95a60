import { STATUS_CODES } from 'node:http';
import type { Response } from 'express';

// Error bodies in the hapi/Boom shape of the one documented error (docs/securitize.md, "Errors"); other statuses are undocumented.
export interface BoomBody {
  statusCode: number;
  error: string;
  message: string;
  details: null;
}

export function boom(statusCode: number, message?: string): BoomBody {
  const error = STATUS_CODES[statusCode] ?? 'Unknown';
  return { statusCode, error, message: message ?? error, details: null };
}

export function sendBoom(res: Response, statusCode: number, message?: string): void {
  res.status(statusCode).json(boom(statusCode, message));
}

/** The exact documented 401, reused for every authentication failure (docs/securitize.md, "Errors" and "The redirect allow-list"). */
export function sendUnauthorized(res: Response): void {
  sendBoom(res, 401, 'Failed to authorize');
}
