import { Router } from 'express';
import { requireInvestor } from '../http/guards';

/** The session-authenticated API the web app calls. Tokens never appear in its answers. */
export function createApiRouter(): Router {
  const router = Router();
  router.get('/me', requireInvestor, (req, res) => {
    const s = req.session;
    res.json({
      investorId: s.investorId,
      tokenExpiresAt: s.expiration,
      country: s.country ?? null,
      authorized: s.authorized ?? false,
      sessionCreatedAt: s.createdAt ? new Date(s.createdAt).toISOString() : null,
    });
  });
  return router;
}
