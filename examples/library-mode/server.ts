// docs/library-mode.md's example, as a program: `npx tsx examples/library-mode/server.ts --dev`.
// In your app the two imports below are 'securitize-id-bff' and 'securitize-id-bff/dev'.
import express from 'express';
import {
  createBff,
  createLogger,
  createRedis,
  createSecuritizeClient,
  loadConfig,
  requireInvestor,
} from '../../src';
import { startDevelopment } from '../../src/dev/library';

export async function main(argv: string[] = process.argv) {
  // Development's simulator and throwaway Redis only when asked for, never because NODE_ENV is unset.
  const dev = argv.includes('--dev')
    ? await startDevelopment({ PUBLIC_URL: 'http://localhost:3000/bff', ...process.env })
    : undefined;
  const config = loadConfig(dev?.env ?? process.env); // PUBLIC_URL=https://shop.example.com/bff (the mount point included)
  const logger = createLogger(config.logLevel);
  const redis = createRedis(config.redis, logger);
  const securitize = createSecuritizeClient(config.securitize);
  const bff = createBff({ config, redis, securitize, logger });

  const app = express();
  app.set('trust proxy', config.trustProxy);
  app.use('/bff', bff.router); // /bff/login, /bff/callback/…, /bff/api/…
  app.get('/portfolio', bff.readSession, requireInvestor, (req, res) => {
    res.json({ investor: req.bff!.record.investorId });
  });
  app.get('/kyc-status', bff.readSession, requireInvestor, async (req, res, next) => {
    try {
      const investor = await bff.withAccessToken(req, (token) => securitize.getInvestor(token));
      res.json({ verified: investor.verified });
    } catch (err) {
      next(err); // Express 4 does not catch a rejected handler
    }
  });
  // A write: only from your own pages (X-CSRF: 1, your Origin), by a verified investor.
  app.post('/orders', bff.requirePolicy({ verified: true }), (req, res) => {
    res.json({ ok: true }); // req.investorAssertion: for the calls this route makes to your services
  });
  app.use(bff.errorHandler); // JSON errors: 401 login_required, 503 session_store_unavailable, …

  const server = app.listen(config.port, () => {
    const { port } = server.address() as { port: number };
    for (const w of dev?.warnings ?? []) console.error(`Warning: ${w}`);
    console.error(`Shop listening on http://localhost:${port}/ (log in at /bff/login)`);
  });
  process.once('SIGTERM', () => server.close(() => void Promise.all([redis.quit(), dev?.stop()])));
}

if (require.main === module)
  main().catch((err: Error) => {
    console.error(err.message);
    process.exit(1);
  });
