import express, { Express } from 'express';
import session from 'express-session';
import { RedisStore } from 'connect-redis';
import Redis from 'ioredis';

/**
 * The naive stack the reference numbers come from, shared by the three baseline servers:
 * express 5 + express-session (resave: false, saveUninitialized: false) + connect-redis 8.1 +
 * ioredis, every default left as it is (touch on, default cookie). Nothing here is tuned.
 */
export interface BenchUser {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  expiration: string;
  filler?: string;
}

declare module 'express-session' {
  interface SessionData {
    user: BenchUser;
  }
}

export const env = {
  port: Number(process.env.PORT),
  simUrl: process.env.SIM_URL ?? '',
  clientId: process.env.CLIENT_ID ?? '',
  secret: process.env.SECRET ?? '',
};

export function sessionApp(prefix: string): Express {
  const redis = new Redis({ path: process.env.REDIS_SOCKET });
  const app = express();
  app.use(
    session({
      secret: process.env.SESSION_SECRET ?? '',
      resave: false,
      saveUninitialized: false,
      store: new RedisStore({ client: redis, prefix }),
    }),
  );
  // The bench's way in: store a user (tokens it obtained from the simulator) and get the cookie.
  app.post('/seed', express.json({ limit: '16kb' }), (req, res, next) => {
    req.session.user = req.body as BenchUser;
    req.session.save((err) => (err ? next(err) : res.status(204).end()));
  });
  return app;
}

export function listen(app: Express): void {
  app.listen(env.port, '127.0.0.1');
  // A clean exit on the bench's SIGTERM, so a server started with --cpu-prof writes its profile (S10).
  process.once('SIGTERM', () => process.exit(0));
}
