import type { Express, Request } from 'express';

/**
 * The request's protocol, reading X-Forwarded-Proto the way TRUST_PROXY's hop count says. Express
 * takes the header's left-most value, which the client wrote when a proxy appends rather than
 * replaces; each trusted proxy appends its own, so the value the outermost trusted proxy saw is
 * the `hops`-th from the right (or the left-most, when the proxies replaced the header).
 */
export function forwardedProtocol(req: Request, hops: number): 'http' | 'https' {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const header = req.headers['x-forwarded-proto'];
  if (hops === 0 || typeof header !== 'string' || header === '') return own;
  const values = header.split(',');
  const value = values[Math.max(0, values.length - hops)]!.trim().toLowerCase();
  return value === 'https' ? 'https' : 'http';
}

/** Makes `req.protocol` (and so `req.secure`, which express-session reads) follow the hop count. */
export function installForwardedProto(app: Express, hops: number): void {
  Object.defineProperty(app.request, 'protocol', {
    configurable: true,
    enumerable: true,
    get(this: Request) {
      return forwardedProtocol(this, hops);
    },
  });
}
