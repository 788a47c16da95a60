import type { Request } from 'express';
import { AppError } from '../errors';
import type { Config } from '../config';
import { forwardedProtocol, Trust } from '../http';

/**
 * With a Secure cookie, express-session and res.cookie silently drop the cookie on a request that
 * did not arrive over HTTPS (via the trusted proxy): the user would loop. Fail loudly instead, with
 * a log line that says what to set.
 */
export function requireSecureTransport(config: Config, trust: Trust, req: Request): void {
  if (config.session.secure && forwardedProtocol(req, trust) !== 'https')
    throw new AppError('insecure_transport', {
      detail: {
        hint: 'PUBLIC_URL is https, but this request did not arrive over https through a proxy TRUST_PROXY trusts: put a TLS-terminating proxy in front that sets X-Forwarded-Proto, and set TRUST_PROXY to its hop count or address',
      },
    });
}
