import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createLocalJWKSet, jwtVerify, JSONWebKeySet } from 'jose';

/** A fresh P-256 key as ASSERTION_SIGNING_KEYS wants it: `kid:<base64 PKCS#8 DER>`. */
export function signingKey(kid: string): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return `${kid}:${privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64')}`;
}

/** Writes a POLICY_FILE into a temporary directory and returns its path. */
export function policyFile(text: string, name = 'policy.yaml'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'bff-policy-')), name);
  writeFileSync(file, text);
  return file;
}

/** Verifies an assertion the way an app's backend does: against the BFF's published keys. */
export async function verifyAssertion(bffUrl: string, jwt: string, o: { issuer: string; audience: string }) {
  const jwks = (await request(bffUrl).get('/.well-known/jwks.json')).body as JSONWebKeySet;
  const { payload, protectedHeader } = await jwtVerify(jwt, createLocalJWKSet(jwks), {
    issuer: o.issuer,
    audience: o.audience,
    algorithms: ['ES256'],
  });
  return { payload, protectedHeader };
}

/** The forward-auth request a proxy sends for an original request, in nginx's header pair. */
export const authRequest = (
  faUrl: string,
  original: { method: string; uri: string },
  headers: Record<string, string> = {},
) =>
  request(faUrl)
    .get('/auth')
    .set({ 'X-Original-Method': original.method, 'X-Original-URI': original.uri, ...headers });
