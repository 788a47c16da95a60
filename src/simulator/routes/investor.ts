import { Router, type Request } from 'express';
import { investorHolder, signerHolder, type Holder } from '../documents/holder';
import type { DocumentRecord } from '../fixtures';
import { withGatewayInvestor, withInvestor, type InvestorRoute } from '../http/auth';
import { sendBoom } from '../http/boom';
import type { SimulatorState } from '../state';
import { walletRoutes } from './wallets';

const SAFE_HOST = /^[A-Za-z0-9.\-:[\]]{1,255}$/;

/** View URLs point back at whichever host the caller used, so they work on port 0 and inside containers. */
function origin(req: Request): string {
  const host = req.headers.host;
  return `${req.protocol}://${host !== undefined && SAFE_HOST.test(host) ? host : '127.0.0.1'}`;
}

/** Profile, verification, documents and signers: one implementation for the direct API and the gateway. */
function profileRoutes(state: SimulatorState): InvestorRoute[] {
  function viewUrl(req: Request, document: DocumentRecord, holder: Holder): { url: string } {
    return { url: `${origin(req)}/files/${state.files.grant({ document, holder })}` };
  }

  return [
    {
      method: 'get',
      path: '',
      handler: (_req, res, { investor, reply }) => reply.data(res, investor.profile),
    },
    {
      method: 'get',
      path: '/verification',
      handler: (_req, res, { investor, reply }) => {
        if (!investor.verification) return reply.noVerification(res);
        reply.data(res, investor.verification);
      },
    },
    {
      method: 'get',
      path: '/documents',
      handler: (_req, res, { investor, reply }) => reply.data(res, investor.documents),
    },
    {
      method: 'get',
      path: '/documents/:documentId/view',
      handler: (req, res, { investor, reply }) => {
        const doc = investor.documents.find((d) => d.documentId === req.params.documentId);
        if (!doc) return sendBoom(res, 404);
        reply.data(res, viewUrl(req, doc, investorHolder(investor)));
      },
    },
    {
      method: 'get',
      path: '/signers',
      handler: (_req, res, { investor, reply }) => reply.data(res, investor.signers),
    },
    // Response shape assumed equal to the investor document view (docs/securitize.md, "Legal signers").
    {
      method: 'get',
      path: '/signers/:signerId/documents/:documentId/view',
      handler: (req, res, { investor, reply }) => {
        const signer = investor.signers.find((s) => s.signerId === req.params.signerId);
        const doc = signer?.documents.find((d) => d.documentId === req.params.documentId);
        if (!signer || !doc) return sendBoom(res, 404);
        reply.data(res, viewUrl(req, doc, signerHolder(signer)));
      },
    },
  ];
}

/**
 * Every investor endpoint twice: under `/v1/:clientId/investor` (app secret plus access token, envelope as set) and
 * under the gateway's `/api/sid/v1/investor` (access token only, always bare).
 */
export function createInvestorRouter(state: SimulatorState): Router {
  const router = Router();
  for (const { method, path, handler } of [...profileRoutes(state), ...walletRoutes(state)]) {
    router[method](`/v1/:clientId/investor${path}`, withInvestor(state, handler));
    router[method](`/api/sid/v1/investor${path}`, withGatewayInvestor(state, handler));
  }
  return router;
}
