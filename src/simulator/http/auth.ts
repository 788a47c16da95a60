import type { Request, RequestHandler, Response } from 'express';
import { findInvestor, type InvestorFixture } from '../fixtures';
import type { ClientConfig, SimulatorState } from '../state';
import { sendUnauthorized } from './boom';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The client named in the path when `authorization` carries its secret: raw per the docs (§3.1). */
export function checkSecret(state: SimulatorState, req: Request): ClientConfig | undefined {
  const client = state.clients.get(String(req.params.clientId));
  const presented = header(req, 'authorization');
  if (!client || presented === undefined) return undefined;
  if (presented === client.secret) return client;
  return state.options.acceptBearer && presented === `Bearer ${client.secret}` ? client : undefined;
}

export interface InvestorContext {
  client: ClientConfig;
  investor: InvestorFixture;
}

type InvestorHandler = (req: Request, res: Response, ctx: InvestorContext) => void;

/** Investor endpoints need both the app secret and a live `access-token` issued for this client (§3.1). */
export function withInvestor(state: SimulatorState, handler: InvestorHandler): RequestHandler {
  return (req, res) => {
    const client = checkSecret(state, req);
    const token = header(req, 'access-token');
    const investorId = client && token ? state.tokens.verifyAccess(client.clientId, token) : undefined;
    const investor = investorId === undefined ? undefined : findInvestor(investorId);
    if (!client || !investor) return sendUnauthorized(res);
    handler(req, res, { client, investor });
  };
}
