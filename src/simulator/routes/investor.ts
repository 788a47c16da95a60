import { Router, type Request } from 'express';
import type { DocumentRecord } from '../fixtures';
import { withInvestor } from '../http/auth';
import { sendBoom } from '../http/boom';
import { sendData } from '../http/envelope';
import type { SimulatorState } from '../state';

// Documented as a 404 that still says success (§9.2), and so sent the same way whatever the envelope setting.
const NO_VERIFICATION = { status: 0, data: {}, error: {}, success: true };

const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

/** View URLs point back at whichever host the caller used, so they work on port 0 and inside containers. */
function origin(req: Request): string {
  const host = req.headers.host;
  return `${req.protocol}://${host !== undefined && SAFE_HOST.test(host) ? host : '127.0.0.1'}`;
}

export function createInvestorRouter(state: SimulatorState): Router {
  const router = Router();

  function viewUrl(req: Request, doc: DocumentRecord): { url: string } {
    return { url: `${origin(req)}/files/${state.files.grant(doc.fileType, doc.fileName)}` };
  }

  router.get(
    '/v1/:clientId/investor',
    withInvestor(state, (_req, res, { investor }) => sendData(state, res, investor.profile)),
  );

  router.get(
    '/v1/:clientId/investor/verification',
    withInvestor(state, (_req, res, { investor }) => {
      if (!investor.verification) return void res.status(404).json(NO_VERIFICATION);
      sendData(state, res, investor.verification);
    }),
  );

  router.get(
    '/v1/:clientId/investor/documents',
    withInvestor(state, (_req, res, { investor }) => sendData(state, res, investor.documents)),
  );

  router.get(
    '/v1/:clientId/investor/documents/:documentId/view',
    withInvestor(state, (req, res, { investor }) => {
      const doc = investor.documents.find((d) => d.documentId === req.params.documentId);
      if (!doc) return sendBoom(res, 404);
      sendData(state, res, viewUrl(req, doc));
    }),
  );

  router.get(
    '/v1/:clientId/investor/signers',
    withInvestor(state, (_req, res, { investor }) => sendData(state, res, investor.signers)),
  );

  // Response shape assumed equal to the investor document view (§9.6).
  router.get(
    '/v1/:clientId/investor/signers/:signerId/documents/:documentId/view',
    withInvestor(state, (req, res, { investor }) => {
      const signer = investor.signers.find((s) => s.signerId === req.params.signerId);
      const doc = signer?.documents.find((d) => d.documentId === req.params.documentId);
      if (!doc) return sendBoom(res, 404);
      sendData(state, res, viewUrl(req, doc));
    }),
  );

  return router;
}
