import { z } from 'zod';

const token = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII');

/**
 * The token endpoints answer a bare object. Only the two tokens are essential: without them the
 * answer is unusable. `investorId` and `expiration` are read leniently (see readExpiration), so a
 * pair that has already replaced a spent refresh token is never thrown away over either of them.
 */
/** Securitize iD's investor ids as the BFF accepts them anywhere: 1 to 128 of A-Z a-z 0-9 _ -. */
export const INVESTOR_ID = /^[A-Za-z0-9_-]{1,128}$/;

const answerSchema = z.looseObject({
  // Absent (or null) is read as "not said"; present but malformed makes the answer unusable, so a
  // refresh can never keep a session under an investor id it could not read.
  investorId: z.string().min(1).regex(INVESTOR_ID).nullable().optional(),
  accessToken: token,
  refreshToken: token,
  expiration: z.unknown().optional(),
});

export interface TokenSet {
  /** Absent when Securitize left it out (a refresh then keeps the session's). */
  investorId?: string;
  accessToken: string;
  refreshToken: string;
  /** The access token's expiry, as ISO-8601 (normalised from whatever form Securitize sent). */
  expiration: string;
  /** The same, in epoch milliseconds. */
  expiresAt: number;
  /** Where the expiry came from: the answer, the access token's own `exp`, or an assumption. */
  expirationSource: 'answer' | 'token' | 'assumed';
}

/** Clocks are never exactly in step; an expiry a little in the past is still taken as given. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
/** Longer than any token Securitize issues (refresh tokens live a year). */
const MAX_LIFE_MS = 400 * 24 * 3600 * 1000;
/** When no expiry can be read: short, so the next refresh comes soon and sets things right. */
export const ASSUMED_LIFE_MS = 15 * 60 * 1000;
/** Below this a number is epoch seconds (1e11 s is the year 5138; 1e11 ms is 1973). */
const SECONDS_LIMIT = 1e11;

function toEpochMs(value: unknown): number {
  if (typeof value === 'number') return value < SECONDS_LIMIT ? value * 1000 : value;
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return NaN;
  if (/^\d{1,16}(\.\d{1,6})?$/.test(value)) return toEpochMs(Number(value));
  return Date.parse(value);
}

/** The `exp` claim of a JWT access token, read without verifying it (Securitize publishes no key). */
function jwtExpiry(accessToken: string): number {
  const payload = accessToken.split('.')[1];
  if (!payload || payload.length > 8192) return NaN;
  try {
    const exp = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * `expiration` as an ISO string, epoch seconds or epoch milliseconds (a number or a numeric
 * string). An unreadable or implausible one falls back to the access token's `exp`, then to a
 * short assumed life: the tokens themselves are fine, and a refresh soon corrects the guess.
 */
export function readExpiration(
  value: unknown,
  accessToken: string,
  nowMs: number,
): Pick<TokenSet, 'expiresAt' | 'expirationSource'> {
  const plausible = (t: number) =>
    Number.isFinite(t) && t >= nowMs - CLOCK_SKEW_MS && t <= nowMs + MAX_LIFE_MS;
  const given = toEpochMs(value);
  if (plausible(given)) return { expiresAt: given, expirationSource: 'answer' };
  const fromToken = jwtExpiry(accessToken);
  if (plausible(fromToken)) return { expiresAt: fromToken, expirationSource: 'token' };
  return { expiresAt: nowMs + ASSUMED_LIFE_MS, expirationSource: 'assumed' };
}

/** A usable token answer, or null when it lacks the tokens themselves. */
export function readTokenAnswer(json: unknown, nowMs: number): TokenSet | null {
  const parsed = answerSchema.safeParse(json);
  if (!parsed.success) return null;
  const { accessToken, refreshToken, expiration } = parsed.data;
  const investorId = parsed.data.investorId ?? undefined;
  const { expiresAt, expirationSource } = readExpiration(expiration, accessToken, nowMs);
  return {
    ...(investorId ? { investorId } : {}),
    accessToken,
    refreshToken,
    expiration: new Date(expiresAt).toISOString(),
    expiresAt,
    expirationSource,
  };
}
