import { createHash, createPublicKey, randomUUID } from 'node:crypto';
import { exportJWK, JWK, SignJWT } from 'jose';
import type { SigningKey } from '../config';
import type { KycFacts } from '../policy';
import { createBoundedMap } from '../store';

export interface AssertionSubject {
  investorId: string;
  /** The session's handle (a hash; never the session id). */
  session: string;
}

export interface AssertionsDeps {
  keys: readonly SigningKey[];
  issuer: string;
  ttlSeconds: number;
  now: () => number;
  /** The investor's epoch (epochs.ts): an assertion cached before a drop of their facts is not reused. */
  epochOf?: (investorId: string) => number;
}

/** Signed assertions kept for reuse; oldest out past this many. In process memory only: they are bearer credentials. */
const CACHE_ENTRIES = 10_000;

const digest = (v: string) => createHash('sha256').update(v).digest('base64url').slice(0, 22);

/** The claims about the investor: Securitize's facts, never a token, an email or a name. */
function factClaims(f: KycFacts | null): Record<string, unknown> {
  if (!f) return {};
  return {
    verification_status: f.verificationStatus,
    verified: f.verificationStatus === 'verified',
    ...(f.investorType !== null && { investor_type: f.investorType }),
    ...(f.country !== null && { country: f.country }),
    ...(f.usState !== null && { us_state: f.usState }),
    ...(f.accredited !== null && { accredited: f.accredited }),
    facts_at: Math.floor(f.fetchedAt / 1000),
  };
}

/**
 * Investor assertions: ES256 JWTs that tell the app's own backend who the investor is and what
 * Securitize says about them. One is signed per session, audience and set of facts, and reused
 * until half its lifetime has passed, so a busy session costs a signature every ttl/2 seconds, and
 * a backend always gets one with at least half its lifetime left.
 */
export function createAssertions(deps: AssertionsDeps) {
  const { keys, issuer, ttlSeconds } = deps;
  const cache = createBoundedMap<string, { jwt: string; iat: number }>(CACHE_ENTRIES);
  let published: Promise<{ keys: JWK[] }> | undefined;

  async function sign(subject: AssertionSubject, facts: KycFacts | null, audience: string, iat: number) {
    const key = keys[0];
    if (!key) throw new Error('no assertion signing key is configured (ASSERTION_SIGNING_KEYS)');
    return new SignJWT({ sid: subject.session, ...factClaims(facts) })
      .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject.investorId)
      .setIssuedAt(iat)
      .setExpirationTime(iat + ttlSeconds)
      .setJti(randomUUID())
      .sign(key.privateKey);
  }

  return {
    async assertionFor(subject: AssertionSubject, facts: KycFacts | null, audience: string): Promise<string> {
      const now = Math.floor(deps.now() / 1000);
      // The key names no secret: the session's handle, the investor, the audience and the facts' time.
      const epoch = deps.epochOf?.(subject.investorId) ?? 0;
      const cacheKey = digest(
        `${subject.session}\n${subject.investorId}\n${audience}\n${facts?.fetchedAt ?? 0}\n${epoch}`,
      );
      const hit = cache.get(cacheKey);
      if (hit && now - hit.iat < ttlSeconds / 2 && now >= hit.iat) return hit.jwt;
      const jwt = await sign(subject, facts, audience, now);
      cache.set(cacheKey, { jwt, iat: now });
      return jwt;
    },
    /** Every configured key's public half: the first signs, the others verify what they signed or will sign. */
    jwks(): Promise<{ keys: JWK[] }> {
      published ??= Promise.all(
        keys.map(async (k) => ({
          ...(await exportJWK(createPublicKey(k.privateKey))),
          kid: k.kid,
          alg: 'ES256',
          use: 'sig',
        })),
      ).then((list) => ({ keys: list }));
      return published;
    },
  };
}

export type Assertions = ReturnType<typeof createAssertions>;
