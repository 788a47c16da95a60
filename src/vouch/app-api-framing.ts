import type { IncomingMessage } from 'node:http';
import { AppError } from '../errors';

/**
 * How the body of a forwarded request is framed, decided by the BFF from what Node's parser read
 * (never from what a browser's headers would have the upstream believe): no body, a declared
 * length, or chunks of unknown total length.
 */
export type Framing = { kind: 'none' } | { kind: 'length'; bytes: number } | { kind: 'chunked' };

/** Methods whose requests carry no content: a body there is refused, never passed on. */
const NO_BODY = new Set(['GET', 'HEAD', 'OPTIONS']);

const refuse = (reason: string) => new AppError('invalid_request', { detail: { reason } });

/**
 * The body as Node's parser framed it. Node reads `Transfer-Encoding: chunked` or one
 * `Content-Length` (it refuses both at once, two lengths, or another coding), so these headers
 * describe exactly the bytes it will hand over. Refused, with 400 `invalid_request`: a body on
 * GET, HEAD or OPTIONS (an upstream would read it as a request of its own), and a DELETE body
 * without a declared length (servers disagree on whether DELETE may be chunked).
 */
export function frameOf(req: IncomingMessage): Framing {
  const chunked = req.headers['transfer-encoding'] !== undefined;
  const declared = req.headers['content-length'];
  const bytes = declared === undefined ? 0 : Number(declared);
  if (NO_BODY.has(req.method ?? '') && (chunked || bytes > 0)) throw refuse('body_not_allowed');
  if (chunked && req.method === 'DELETE') throw refuse('body_without_length');
  if (chunked) return { kind: 'chunked' };
  if (declared === undefined || bytes === 0) return { kind: 'none' };
  return { kind: 'length', bytes };
}

/** The framing headers the upstream gets, and nothing else describes the body. */
export function framingHeaders(method: string, f: Framing): Record<string, string> {
  if (f.kind === 'length') return { 'content-length': String(f.bytes) };
  if (f.kind === 'chunked') return { 'transfer-encoding': 'chunked' };
  // No content: a length of 0 where the method normally carries some, nothing where it does not.
  return method === 'POST' || method === 'PUT' || method === 'PATCH' ? { 'content-length': '0' } : {};
}
