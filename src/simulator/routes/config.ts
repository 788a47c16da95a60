import { Router, type Request, type Response } from 'express';
import { hasNonJsonBody } from '../http/api-intake';
import { checkSecret } from '../http/auth';
import { sendBoom, sendUnauthorized } from '../http/boom';
import { sendData } from '../http/envelope';
import type { ClientConfig, SimulatorState } from '../state';

type Patch = Partial<Pick<ClientConfig, 'appIcon' | 'appName' | 'redirectUrls'>>;

// Joi-style messages, since the API's errors look like hapi's; the real 400 bodies are undocumented (docs/securitize.md, "Open questions").
function parsePatch(body: unknown): Patch | string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return '"value" must be an object';
  const patch: Patch = {};
  for (const [key, value] of Object.entries(body)) {
    if (key === 'appIcon' || key === 'appName') {
      if (typeof value !== 'string') return `"${key}" must be a string`;
      patch[key] = value;
    } else if (key === 'redirectUrls') {
      if (!Array.isArray(value) || !value.every((u) => typeof u === 'string' && u !== '')) {
        return '"redirectUrls" must be an array of non-empty strings';
      }
      patch.redirectUrls = [...(value as string[])];
    } else {
      return `"${key}" is not allowed`;
    }
  }
  return patch;
}

function read(state: SimulatorState) {
  return (req: Request, res: Response) => {
    const client = checkSecret(state, req);
    if (!client) return sendUnauthorized(res);
    sendData(state, res, {
      appIcon: client.appIcon,
      appName: client.appName,
      redirectUrls: client.redirectUrls,
    });
  };
}

export function createConfigRouter(state: SimulatorState): Router {
  const router = Router();

  router.get('/v1/:clientId', read(state));
  // Undocumented twin seen in Securitize's QA suite (docs/securitize.md, "Hosts"); assumed to behave like GET /v1/:clientId.
  router.get('/v1/:clientId/config', read(state));

  router.patch('/v1/:clientId', (req, res) => {
    const client = checkSecret(state, req);
    if (!client) return sendUnauthorized(res);
    if (hasNonJsonBody(req)) return sendBoom(res, 415);
    const patch = parsePatch(req.body);
    if (typeof patch === 'string') return sendBoom(res, 400, patch);
    // redirectUrls is replaced whole: the docs leave merge-vs-replace open and replace is the safer guess (docs/securitize.md, "Hosts").
    Object.assign(client, patch);
    const { appIcon, appName, redirectUrls } = client;
    const data = state.options.issuerNameQuirk
      ? { appIcon, issuerName: appName, redirectUrls }
      : { appIcon, appName, redirectUrls };
    sendData(state, res, data);
  });

  return router;
}
