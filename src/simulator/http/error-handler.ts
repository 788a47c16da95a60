import type { ErrorRequestHandler, RequestHandler } from 'express';
import { sendBoom } from './boom';

export const notFound: RequestHandler = (_req, res) => sendBoom(res, 404);

function statusOf(err: unknown): number {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : 500;
}

/** Body-parser and routing errors become Boom bodies; nothing a client sends may take the process down. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = statusOf(err);
  sendBoom(res, status, status === 500 ? 'An internal server error occurred' : undefined);
};
