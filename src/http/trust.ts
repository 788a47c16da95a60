import type { Express, Request } from 'express';
import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { Config } from '../config';

/** What the BFF believes of the proxies in front of it, from TRUST_PROXY. */
export interface Trust {
  /** How many proxies this request came through that TRUST_PROXY trusts. */
  hops(req: IncomingMessage): number;
  /** The connection comes from a proxy TRUST_PROXY names by address (never true for a hop count). */
  namedProxy(req: IncomingMessage): boolean;
}

export function createTrust(setting: Config['trustProxy']): Trust {
  if (typeof setting === 'number') return { hops: () => setting, namedProxy: () => false };
  const trusted = proxyaddr.compile([...setting]);
  return {
    // The socket's address, then X-Forwarded-For from the right: each named proxy is a hop, up to
    // the first address that is not one.
    hops(req) {
      const chain = proxyaddr.all(req);
      let hops = 0;
      while (hops < chain.length && trusted(chain[hops]!, hops)) hops++;
      return hops;
    },
    namedProxy: (req) => req.socket.remoteAddress !== undefined && trusted(req.socket.remoteAddress, 0),
  };
}

/**
 * The request's protocol, reading X-Forwarded-Proto as far as TRUST_PROXY trusts. Express takes the
 * header's left-most value, which the client wrote when a proxy appends rather than replaces; each
 * trusted proxy appends its own, so the value the outermost trusted proxy saw is the `hops`-th from
 * the right (or the left-most, when the proxies replaced the header).
 */
export function forwardedProtocol(req: IncomingMessage, trust: Trust): 'http' | 'https' {
  const own = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const header = req.headers['x-forwarded-proto'];
  const hops = trust.hops(req);
  if (hops === 0 || typeof header !== 'string' || header === '') return own;
  const values = header.split(',');
  const value = values[Math.max(0, values.length - hops)]!.trim().toLowerCase();
  return value === 'https' ? 'https' : 'http';
}

/** Makes `req.protocol` (and so `req.secure`, which express-session reads) follow TRUST_PROXY. */
export function installForwardedProto(app: Express, trust: Trust): void {
  Object.defineProperty(app.request, 'protocol', {
    configurable: true,
    enumerable: true,
    get(this: Request) {
      return forwardedProtocol(this, trust);
    },
  });
}
