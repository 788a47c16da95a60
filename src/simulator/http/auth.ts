import type { Request, RequestHandler, Response } from 'express';
import type { InvestorFixture } from '../fixtures';
import type { ClientConfig, SimulatorState } from '../state';
import { sendUnauthorized } from './boom';
import { directReplies, GATEWAY_REPLIES, type Replies } from './replies';

function header(req: Request, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The client named in the path when `authorization` carries its secret: raw per the docs (docs/securitize.md, "Credentials"). */
export function checkSecret(state: SimulatorState, req: Request): ClientConfig | undefined {
  const client = state.clients.get(String(req.params.clientId));
  const presented = header(req, 'authorization');
  if (!client || presented === undefined) return undefined;
  if (presented === client.secret) return client;
  return state.options.acceptBearer && presented === `Bearer ${client.secret}` ? client : undefined;
}

/**
 * The gateway names the client in a `clientid` header and takes its secret as `Bearer <secret>`; the raw secret is
 * accepted too, since some callers send it that way.
 */
export function checkGatewaySecret(state: SimulatorState, req: Request): ClientConfig | undefined {
  const clientId = header(req, 'clientid');
  const client = clientId === undefined ? undefined : state.clients.get(clientId);
  const presented = header(req, 'authorization');
  if (!client || presented === undefined) return undefined;
  return presented === client.secret || presented === `Bearer ${client.secret}` ? client : undefined;
}

type Check = (state: SimulatorState, req: Request) => ClientConfig | undefined;

/**
 * `check` for the token endpoints: a call it turns away is told to the `onAuthFailure` option with the client id the
 * call named and why, never with what was presented, so the standalone simulator can name the fix. A call that names
 * no client at all is not told.
 */
function reporting(check: Check, named: (req: Request) => string | undefined): Check {
  return (state, req) => {
    const client = check(state, req);
    const clientId = named(req);
    if (client || clientId === undefined) return client;
    const known = state.clients.has(clientId);
    const presented = header(req, 'authorization');
    state.options.onAuthFailure({
      clientId,
      reason: !known ? 'unknown_client' : presented ? 'wrong_secret' : 'missing_secret',
    });
    return undefined;
  };
}

export const checkTokenSecret = reporting(checkSecret, (req) => String(req.params.clientId));
export const checkGatewayTokenSecret = reporting(checkGatewaySecret, (req) => header(req, 'clientid'));

export interface InvestorContext {
  client: ClientConfig;
  investor: InvestorFixture;
  reply: Replies;
}

export type InvestorHandler = (req: Request, res: Response, ctx: InvestorContext) => void;

/** One investor endpoint, with its path below the investor base (`/v1/:clientId/investor` or the gateway's). */
export interface InvestorRoute {
  method: 'get' | 'post';
  path: string;
  handler: InvestorHandler;
}

/** Investor endpoints need both the app secret and a live `access-token` issued for this client (docs/securitize.md, "Credentials"). */
export function withInvestor(state: SimulatorState, handler: InvestorHandler): RequestHandler {
  const reply = directReplies(state);
  return (req, res) => {
    const client = checkSecret(state, req);
    const token = header(req, 'access-token');
    const investorId = client && token ? state.tokens.verifyAccess(client.clientId, token) : undefined;
    const investor = investorId === undefined ? undefined : state.investors.find(investorId);
    if (!client || !investor) return sendUnauthorized(res);
    handler(req, res, { client, investor, reply });
  };
}

/**
 * Gateway investor endpoints need only a live `access-token`; the client is the one it was issued to. A `clientid`
 * header is optional, but when present it must name that same client.
 */
export function withGatewayInvestor(state: SimulatorState, handler: InvestorHandler): RequestHandler {
  return (req, res) => {
    const token = header(req, 'access-token');
    const live = token === undefined ? undefined : state.tokens.readAccess(token);
    const named = header(req, 'clientid');
    const client = live && state.clients.get(live.clientId);
    const investor = live && state.investors.find(live.investorId);
    if (!client || !investor || (named !== undefined && named !== client.clientId))
      return sendUnauthorized(res);
    handler(req, res, { client, investor, reply: GATEWAY_REPLIES });
  };
}
