import { createPublicKey, generateKeyPairSync, KeyObject, verify } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { http } from './http';
import { BROWSER_UA } from './login';
import { freePort, ServerChild } from './processes';
import type { Stack } from './stack';
import type { VouchCheck } from './types';

/** The rule S9 asks about and the gateway entry of S10, both behind the policy `verified`. */
export const RULE_PATH = '/invest';
export const GATEWAY_PREFIX = '/app-api/x';
export const POLICY = { name: 'verified', requirements: { verified: true } } as const;
const KID = 'bench-1';
/** The original request as nginx's auth_request would describe it: a path under the rule, with a query. */
export const ORIGINAL_URI = `${RULE_PATH}/orders?page=1`;

/** Headers of a forward-auth `GET /auth` as nginx sends them, with the session cookie when given. */
export const authHeaders = (cookie?: string): Record<string, string> => ({
  'user-agent': BROWSER_UA,
  'x-original-method': 'GET',
  'x-original-uri': ORIGINAL_URI,
  ...(cookie && { cookie }),
});

/** A product instance that vouches: forward-auth on a port of its own, POLICY_FILE and a signing key. */
export interface VouchingProduct {
  product: ServerChild;
  /** The forward-auth listener (`GET /auth`), never the public port. */
  forwardAuthUrl: string;
  /** The public half of the signing key, to check the assertions it signs. */
  publicKey: KeyObject;
  policyText: string;
  stop(): Promise<void>;
}

/**
 * POLICY_FILE for S9 and S10: one named policy that needs a KYC fact (so decisions read the facts
 * cache), one forward-auth rule under it and, with an upstream, one gateway entry under it too.
 */
export function policyYaml(upstream?: string): string {
  const lines = [
    '# Written by npm run bench (bench/lib/vouch.ts) for S9, S10, S13 and S15.',
    'policies:',
    `  ${POLICY.name}:`,
    '    verified: true',
    'rules:',
    `  - path: ${RULE_PATH}`,
    `    policy: ${POLICY.name}`,
  ];
  if (upstream)
    lines.push(
      'apis:',
      `  - prefix: ${GATEWAY_PREFIX}`,
      `    upstream: ${upstream}`,
      `    policy: ${POLICY.name}`,
      '    methods: [GET]',
    );
  return `${lines.join('\n')}\n`;
}

/**
 * Starts a product instance on the stack's Redis and simulator with FORWARD_AUTH_PORT, a POLICY_FILE
 * written to a temporary folder and ASSERTION_SIGNING_KEYS (a P-256 key made for this run), all that
 * NODE_ENV=production asks for them. Only S9, S10, S13 and S15 use it: the stack's product, which the
 * other scenarios measure, runs without them.
 */
export async function startVouchingProduct(
  stack: Stack,
  name: string,
  o: {
    upstream?: string;
    nodeArgs?: string[];
    onStdoutLine?: (line: string) => void;
    /** More settings (S15's webhooks). */
    env?: Record<string, string>;
  } = {},
): Promise<VouchingProduct> {
  const dir = mkdtempSync(path.join(tmpdir(), 'bff-bench-policy-'));
  const file = path.join(dir, 'policy.yaml');
  const policyText = policyYaml(o.upstream);
  writeFileSync(file, policyText);
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const der = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
  const faPort = await freePort();
  try {
    const product = await stack.startProduct(
      name,
      o.nodeArgs,
      {
        FORWARD_AUTH_PORT: String(faPort),
        POLICY_FILE: file,
        ASSERTION_SIGNING_KEYS: `${KID}:${der}`,
        ...o.env,
      },
      o.onStdoutLine,
    );
    return {
      product,
      forwardAuthUrl: `http://127.0.0.1:${faPort}`,
      publicKey: createPublicKey(privateKey),
      policyText,
      async stop() {
        await product.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

export interface DecodedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** The ES256 signature checked against the key the bench gave the product. */
  signatureValid: boolean;
}

/** An investor assertion read back: its header and claims, and whether the signature holds. */
export function decodeAssertion(jwt: string, publicKey: KeyObject): DecodedAssertion {
  const [h = '', c = '', s = ''] = jwt.split('.');
  const part = (b64: string) =>
    JSON.parse(Buffer.from(b64, 'base64url').toString('utf8')) as Record<string, unknown>;
  const signatureValid = verify(
    'sha256',
    Buffer.from(`${h}.${c}`),
    { key: publicKey, dsaEncoding: 'ieee-p1363' },
    Buffer.from(s, 'base64url'),
  );
  return { header: part(h), claims: part(c), signatureValid };
}

/** Calls the simulator recorded to the investor profile (where the product fetches KYC facts). */
export async function investorProfileCalls(simUrl: string): Promise<number> {
  const calls = JSON.parse((await http(`${simUrl}/__control/calls`)).body) as Array<{ path: string }>;
  return calls.filter((c) => /\/investor$/.test(c.path)).length;
}

export const check = (what: string, expected: string, got: string, ok = got === expected): VouchCheck => ({
  what,
  expected,
  got,
  ok,
});
