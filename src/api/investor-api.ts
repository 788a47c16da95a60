import type { Request, RequestHandler, Router } from 'express';
// express.json is body-parser's: the package itself, so the host's Express version does not matter.
import bodyParser from 'body-parser';
import { z } from 'zod';
import { AppError } from '../errors';
import type { SecuritizeClient, WalletInput } from '../securitize';
import type { WithSessionToken } from '../tokens';
import { methodNotAllowed, newRouter, requireInvestor, sendJson } from '../http';

export interface InvestorApiDeps {
  securitize: SecuritizeClient;
  withAccessToken: WithSessionToken;
  /** RATE_LIMIT_API: throws rate_limited past the session's calls per minute. */
  limitSession: (req: Request) => Promise<void>;
}

/** Ids go into upstream paths: only plain id characters, so no path can be steered elsewhere. */
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const safeText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(/^[^\p{Cc}]+$/u, 'no control characters');
const walletSchema = z.strictObject({
  address: z.string().regex(/^[A-Za-z0-9:._-]{1,128}$/),
  tokenId: z.string().regex(/^[A-Za-z0-9:._-]{1,128}$/),
  name: safeText(100).optional(),
  securitizeIdWalletId: z.string().regex(ID).optional(),
});

/**
 * The investor API: each route calls exactly one Securitize endpoint, built from a fixed template,
 * with the session's token. Nothing from the browser's request headers is forwarded and nothing
 * from Securitize's response headers is passed back: answers are rebuilt from parsed JSON.
 */
export function createInvestorApiRouter({
  securitize,
  withAccessToken,
  limitSession,
}: InvestorApiDeps): Router {
  const route =
    <T>(call: (token: string, req: Request) => Promise<T>, status = 200): RequestHandler =>
    async (req, res) => {
      // Counted only where Securitize is called, with the application's one secret for everyone.
      await limitSession(req);
      const body = await withAccessToken(req.bff!, (token) => call(token, req), req.log);
      sendJson(res, body, status);
    };

  const requireJson: RequestHandler = (req, _res, next) => {
    if (!req.is('application/json')) throw new AppError('unsupported_media_type');
    next();
  };

  const router = newRouter();
  router.param('documentId', idParam);
  router.param('signerId', idParam);
  // Only on this router's own paths: the rest of /api passes through to the session routes.
  router.use(['/investor', '/verification', '/documents', '/signers', '/wallets'], requireInvestor);

  router.get(
    '/investor',
    route((t) => securitize.getInvestor(t)),
  );
  router.get(
    '/verification',
    route((t) => securitize.getVerification(t)),
  );
  router.get(
    '/documents',
    route(async (t) => ({ documents: await securitize.listDocuments(t) })),
  );
  router.get(
    '/documents/:documentId/view',
    route((t, req) => securitize.viewDocument(t, String(req.params.documentId))),
  );
  router.get(
    '/signers',
    route(async (t) => ({ signers: await securitize.listSigners(t) })),
  );
  router.get(
    '/signers/:signerId/documents/:documentId/view',
    route((t, req) =>
      securitize.viewSignerDocument(t, String(req.params.signerId), String(req.params.documentId)),
    ),
  );
  router.get(
    '/wallets',
    route(async (t) => ({ wallets: await securitize.listWallets(t) })),
  );
  router.post(
    '/wallets',
    requireJson,
    bodyParser.json({ limit: '16kb', strict: true }),
    (req, _res, next) => {
      const parsed = walletSchema.safeParse(req.body);
      if (!parsed.success) throw new AppError('invalid_request', { detail: { reason: 'invalid_wallet' } });
      req.body = parsed.data;
      next();
    },
    route((t, req) => securitize.addWallet(t, req.body as WalletInput), 201),
  );
  router.all('/wallets', methodNotAllowed(['GET', 'POST']));
  router.all(
    ['/investor', '/verification', '/documents', '/documents/:documentId/view', '/signers'],
    methodNotAllowed(['GET']),
  );
  router.all('/signers/:signerId/documents/:documentId/view', methodNotAllowed(['GET']));
  return router;
}

function idParam(_req: Request, _res: unknown, next: (err?: unknown) => void, value: unknown) {
  next(typeof value === 'string' && ID.test(value) ? undefined : new AppError('invalid_request'));
}
