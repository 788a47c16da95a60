import { bindAddress } from './fields';

/** One operator's credential for the admin API: `name` is who acted, in the audit trail. */
export interface AdminToken {
  name: string;
  token: string;
}

export interface AdminConfig {
  /** ADMIN_PORT; undefined: the admin API is off. */
  port: number | undefined;
  /** The address it listens on (127.0.0.1 unless ADMIN_HOST says otherwise). */
  host: string;
  tokens: readonly AdminToken[];
}

export const MIN_ADMIN_TOKEN_LENGTH = 32;
const TOKEN_HINT = 'make one with: openssl rand -hex 32';
const NAME = /^[A-Za-z0-9._-]{1,64}$/;
/** What a bearer token may hold (RFC 6750's b64token): no comma, colon or space to confuse the list. */
const TOKEN = /^[A-Za-z0-9._~+/=-]+$/;

/** Few distinct characters, or a short pattern repeated ("abcabcabc…"): guessable. */
const isTrivial = (t: string) => new Set(t).size < 10 || /^(.{1,16})\1+$/.test(t);

/** ADMIN_TOKENS: `name:token` entries, comma-separated. Problems name the entry, never its token. */
export function parseAdminTokens(value: string | undefined, problems: string[]): AdminToken[] {
  const entries = (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const tokens: AdminToken[] = [];
  const names = new Set<string>();
  const seen = new Set<string>();
  entries.forEach((entry, i) => {
    const at = `ADMIN_TOKENS (entry ${i + 1})`;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(`${at}: must be name:token (${TOKEN_HINT})`);
      return;
    }
    const name = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    let ok = true;
    const fail = (why: string) => {
      problems.push(`${at}: ${why}`);
      ok = false;
    };
    if (!NAME.test(name)) fail('the name must be 1 to 64 of A-Z a-z 0-9 . _ -');
    else if (names.has(name)) fail(`the name "${name}" is used twice`);
    if (token.length < MIN_ADMIN_TOKEN_LENGTH)
      fail(`the token must be at least ${MIN_ADMIN_TOKEN_LENGTH} characters (${TOKEN_HINT})`);
    else if (!TOKEN.test(token)) fail('the token may hold only A-Z a-z 0-9 . _ ~ + / = -');
    else if (isTrivial(token)) fail(`the token is not random enough (${TOKEN_HINT})`);
    else if (seen.has(token)) fail('the same token is listed twice');
    names.add(name);
    seen.add(token);
    if (ok) tokens.push({ name, token });
  });
  return tokens;
}

/** The admin API's listener and tokens; a port shared with another listener is a problem. */
export function parseAdminConfig(
  raw: {
    ADMIN_PORT?: number;
    ADMIN_HOST?: string;
    ADMIN_TOKENS?: string;
    PORT: number;
    FORWARD_AUTH_PORT?: number;
    METRICS_PORT?: number;
  },
  problems: string[],
): AdminConfig {
  const host = bindAddress('ADMIN_HOST', raw.ADMIN_HOST, problems);
  const tokens = parseAdminTokens(raw.ADMIN_TOKENS, problems);
  const port = raw.ADMIN_PORT;
  if (port !== undefined) {
    if (raw.ADMIN_TOKENS === undefined)
      problems.push(`ADMIN_TOKENS: required with ADMIN_PORT, name:token entries (${TOKEN_HINT})`);
    const others: Array<[string, number | undefined]> = [
      ['PORT', raw.PORT],
      ['FORWARD_AUTH_PORT', raw.FORWARD_AUTH_PORT],
      ['METRICS_PORT', raw.METRICS_PORT],
    ];
    for (const [name, other] of others)
      if (port !== 0 && other === port)
        problems.push(`ADMIN_PORT: must not be ${name} (the admin API has a listener of its own)`);
  }
  return { port, host, tokens };
}
