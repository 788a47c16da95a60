import request from 'supertest';
import type { Simulator } from '../../src/simulator';
import { CLIENT_ID } from './helpers';

export const CALLBACK = 'http://localhost:3000/callback/STATE';
export const SCOPE = 'info details verification';
export const MINUTE = 60_000;

export const ACCOUNT = { fullName: 'Sam Signup Example', email: 'sam@example.com' };
export const US_INDIVIDUAL = {
  investorType: 'individual',
  country: 'US',
  usState: 'CA',
  birthDate: '1991-04-05',
  entityName: '',
};

/** What the login page's "Create a Securitize iD" button posts. */
export function startSignup(sim: Simulator, fields: Record<string, string> = {}) {
  return request(sim.app)
    .post('/signup/start')
    .type('form')
    .send({ issuerId: CLIENT_ID, scope: SCOPE, redirecturl: CALLBACK, ...fields });
}

/** Starts a sign-up and returns its base path, `/signup/<id>`. */
export async function signupBase(sim: Simulator, fields: Record<string, string> = {}): Promise<string> {
  const res = await startSignup(sim, fields);
  expect(res.status).toBe(303);
  return String(res.headers.location).replace(/\/account$/, '');
}

export function postStep(sim: Simulator, path: string, body: Record<string, string>) {
  return request(sim.app).post(path).type('form').send(body);
}

export function getStep(sim: Simulator, path: string) {
  return request(sim.app).get(path);
}

/** Account, identity and documents done, so the consent page is next. */
export async function upToConsent(
  sim: Simulator,
  base: string,
  identity: Record<string, string> = US_INDIVIDUAL,
  docType = 'passport',
): Promise<void> {
  expect((await postStep(sim, `${base}/account`, ACCOUNT)).status).toBe(303);
  expect((await postStep(sim, `${base}/identity`, identity)).status).toBe(303);
  expect((await postStep(sim, `${base}/documents`, { docType })).status).toBe(303);
}
