import request from 'supertest';
import { DEV_CLIENT, type Simulator } from '../../src/simulator';

export const CLIENT_ID = DEV_CLIENT.clientId;
export const SECRET = DEV_CLIENT.secret;
export const UNAUTHORIZED = {
  statusCode: 401,
  error: 'Unauthorized',
  message: 'Failed to authorize',
  details: null,
};

export interface Tokens {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  expiration: string;
}

export async function exchange(sim: Simulator, code: string, secret: string = SECRET) {
  return request(sim.app)
    .post(`/v1/${CLIENT_ID}/oauth2/authorize`)
    .set('authorization', secret)
    .send({ code });
}

export async function refresh(sim: Simulator, refreshToken: string) {
  return request(sim.app)
    .post(`/v1/${CLIENT_ID}/oauth2/refresh`)
    .set('authorization', SECRET)
    .send({ refreshToken });
}

/** Logs an investor in the quick way (control.issueCode) and returns the exchanged tokens. */
export async function loginAs(sim: Simulator, investorId: string): Promise<Tokens> {
  const res = await exchange(sim, sim.control.issueCode(investorId));
  expect(res.status).toBe(200);
  return res.body as Tokens;
}

export function investorGet(sim: Simulator, path: string, accessToken: string) {
  return request(sim.app)
    .get(`/v1/${CLIENT_ID}/investor${path}`)
    .set('authorization', SECRET)
    .set('access-token', accessToken);
}

export function decodeJwt(token: string): { header: unknown; claims: Record<string, unknown> } {
  const [header = '', claims = ''] = token.split('.');
  const parse = (part: string) =>
    JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: parse(header), claims: parse(claims) };
}

/** Body `data` whichever envelope mode is on. */
export function dataOf(body: unknown, mode: 'wrapped' | 'bare'): unknown {
  if (mode === 'bare') return body;
  const wrapped = body as { status: number; data: unknown; error: unknown; success: boolean };
  expect(wrapped).toEqual({ status: wrapped.status, data: wrapped.data, error: {}, success: true });
  return wrapped.data;
}

/** The gateway's token calls: the client in `clientid`, the secret as `Bearer <secret>` unless told otherwise. */
export function gatewayPost(
  sim: Simulator,
  path: 'authorize' | 'refresh',
  body: object,
  headers: Record<string, string> = { clientid: CLIENT_ID, authorization: `Bearer ${SECRET}` },
) {
  return request(sim.app).post(`/api/auth/v1/${path}`).set(headers).send(body);
}

/** A gateway investor call: only the access token is needed. */
export function gatewayGet(sim: Simulator, path: string, accessToken: string) {
  return request(sim.app).get(`/api/sid/v1/investor${path}`).set('access-token', accessToken);
}
