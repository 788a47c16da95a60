import type { Config } from '../config';
import { Check, fail, ok, warn } from './checks';

/**
 * What the browser will see: the scheme of PUBLIC_URL, the cookie names it implies, and whether a
 * proxy in front is trusted. Outside production an http PUBLIC_URL and no TRUST_PROXY are only
 * warnings; in production they fail.
 */
export function checkFront(config: Config): Check[] {
  const prod = config.env === 'production';
  const https = config.publicUrl.startsWith('https://');
  const cookies = `cookies ${config.session.cookieName}, ${config.session.txCookieName}`;
  const checks: Check[] = [];
  if (https) checks.push(ok('front.scheme', 'PUBLIC_URL', `${config.publicUrl} (https; ${cookies})`));
  else {
    const make = prod ? fail : warn;
    checks.push(
      make(
        'front.scheme',
        'PUBLIC_URL',
        `${config.publicUrl} is plain http (${cookies}, not Secure)`,
        'set PUBLIC_URL to the https origin browsers use (TLS ends at your proxy)',
      ),
    );
  }
  const t = config.trustProxy;
  const trusted = typeof t === 'number' ? t > 0 : t.length > 0;
  if (trusted) checks.push(ok('front.trust-proxy', 'TRUST_PROXY', describeTrust(t)));
  else {
    const make = prod && https ? fail : warn;
    checks.push(
      make(
        'front.trust-proxy',
        'TRUST_PROXY',
        'not set: the BFF sees no proxy in front of it, so an https PUBLIC_URL behind one is refused as insecure transport',
        'set TRUST_PROXY to the proxy hops or addresses in front of the BFF (e.g. TRUST_PROXY=1)',
      ),
    );
  }
  return checks;
}

const describeTrust = (t: Config['trustProxy']) =>
  typeof t === 'number' ? `${t} proxy hop(s) trusted` : `trusted: ${t.join(', ')}`;
