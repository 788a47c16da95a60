/**
 * An app's own backend behind the BFF: it trusts nothing but the investor assertion in
 * `Authorization: Bearer …`, verified against the BFF's published keys with jose. Run it with
 *   JWKS_URL=http://localhost:3000/.well-known/jwks.json ISSUER=http://localhost:3000 \
 *   AUDIENCE=http://localhost:3000 PORT=4100 node --import tsx examples/app-backend/server.ts
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify, JWTPayload } from 'jose';

export interface AppBackendOptions {
  jwksUrl: string;
  issuer: string;
  audience: string;
}

const OFFERINGS = [
  { id: 'harbour-reit-a', name: 'Harbour REIT, class A', minimum: 5000, currency: 'USD' },
  { id: 'green-bond-2031', name: 'Green Infrastructure Bond 2031', minimum: 1000, currency: 'USD' },
  { id: 'venture-fund-iv', name: 'Venture Fund IV', minimum: 25000, currency: 'USD' },
];

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createAppBackend(o: AppBackendOptions): Server {
  // Fetched once, cached, and fetched again when an assertion names a key it has not seen (rotation).
  const jwks = createRemoteJWKSet(new URL(o.jwksUrl));

  async function investorOf(req: IncomingMessage): Promise<JWTPayload | null> {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    if (scheme !== 'Bearer' || !token) return null;
    try {
      const { payload } = await jwtVerify(token, jwks, {
        issuer: o.issuer,
        audience: o.audience,
        algorithms: ['ES256'],
      });
      return payload;
    } catch {
      return null;
    }
  }

  return createServer((req, res) => {
    void (async () => {
      // Never an unsigned X-Investor-Id: only the verified assertion says who this is.
      const investor = await investorOf(req);
      if (!investor) return send(res, 401, { error: 'assertion_required' });
      const path = (req.url ?? '/').split('?')[0];
      if (req.method === 'GET' && (path === '/offerings' || path === '/offerings/'))
        return send(res, 200, {
          investor: investor.sub,
          verified: investor.verified === true,
          country: investor.country ?? null,
          offerings: OFFERINGS,
        });
      if (req.method === 'GET' && path === '/whoami')
        return send(res, 200, { investor: investor.sub, claims: investor });
      send(res, 404, { error: 'not_found' });
    })().catch(() => send(res, 500, { error: 'internal_error' }));
  });
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 4100);
  const bff = process.env.BFF_URL ?? 'http://localhost:3000';
  createAppBackend({
    jwksUrl: process.env.JWKS_URL ?? `${bff}/.well-known/jwks.json`,
    issuer: process.env.ISSUER ?? bff,
    audience: process.env.AUDIENCE ?? bff,
  }).listen(port, '127.0.0.1', () => console.log(`app backend listening on http://127.0.0.1:${port}`));
}
