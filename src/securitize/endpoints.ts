/**
 * Where each Securitize call goes, for the two API styles. "direct" is the documented
 * `sec-id-api` host; "gateway" is the newer `connect-gw` host. Only some gateway paths are
 * evidenced (docs/securitize.md says which); every path can be overridden by configuration
 * (SECURITIZE_PATHS), so an operator can correct an assumed one without a code change.
 */
export type ApiStyle = 'direct' | 'gateway';

export const ENDPOINTS = [
  'authorize',
  'refresh',
  'investor',
  'verification',
  'documents',
  'documentView',
  'signers',
  'signerDocumentView',
  'wallets',
] as const;

export type EndpointName = (typeof ENDPOINTS)[number];
export type EndpointPaths = Record<EndpointName, string>;

const DIRECT: EndpointPaths = {
  authorize: '/v1/{clientId}/oauth2/authorize',
  refresh: '/v1/{clientId}/oauth2/refresh',
  investor: '/v1/{clientId}/investor',
  verification: '/v1/{clientId}/investor/verification',
  documents: '/v1/{clientId}/investor/documents',
  documentView: '/v1/{clientId}/investor/documents/{documentId}/view',
  signers: '/v1/{clientId}/investor/signers',
  signerDocumentView: '/v1/{clientId}/investor/signers/{signerId}/documents/{documentId}/view',
  wallets: '/v1/{clientId}/investor/domain/wallets',
};

const GATEWAY: EndpointPaths = {
  authorize: '/api/auth/v1/authorize', // evidenced
  refresh: '/api/auth/v1/refresh', // assumed: no public source shows the gateway's refresh
  investor: '/api/sid/v1/investor', // evidenced
  verification: '/api/sid/v1/investor/verification', // assumed
  documents: '/api/sid/v1/investor/documents', // assumed
  documentView: '/api/sid/v1/investor/documents/{documentId}/view', // assumed
  signers: '/api/sid/v1/investor/signers', // assumed
  signerDocumentView: '/api/sid/v1/investor/signers/{signerId}/documents/{documentId}/view', // assumed
  wallets: '/api/sid/v1/investor/domain/wallets', // assumed
};

export const DEFAULT_PATHS: Record<ApiStyle, EndpointPaths> = { direct: DIRECT, gateway: GATEWAY };

/** The gateway paths that rest on public evidence; the others are plausible guesses. */
export const EVIDENCED_GATEWAY_PATHS: readonly EndpointName[] = ['authorize', 'investor'];

/** Placeholders each endpoint must keep, so an override can't silently drop an id. */
const REQUIRED: Partial<Record<EndpointName, string[]>> = {
  documentView: ['{documentId}'],
  signerDocumentView: ['{signerId}', '{documentId}'],
};
const KNOWN_PLACEHOLDERS = new Set(['{clientId}', '{documentId}', '{signerId}']);
const PATH_SHAPE = /^\/[A-Za-z0-9/_.{}-]{0,255}$/;

/**
 * `name=/path,name=/path` on top of the style's defaults. Problems are appended; a path with a
 * placeholder the endpoint does not have, or without one it needs, is refused.
 */
export function parsePathOverrides(
  style: ApiStyle,
  list: string | undefined,
  problems: string[],
): EndpointPaths {
  const paths = { ...DEFAULT_PATHS[style] };
  if (!list) return paths;
  for (const item of list.split(',').map((s) => s.trim())) {
    const eq = item.indexOf('=');
    const name = item.slice(0, eq) as EndpointName;
    const path = item.slice(eq + 1);
    if (eq < 1 || !(ENDPOINTS as readonly string[]).includes(name)) {
      problems.push(
        `SECURITIZE_PATHS: each entry must be name=/path with a name among ${ENDPOINTS.join(', ')}`,
      );
      continue;
    }
    const placeholders: string[] = path.match(/\{[A-Za-z]+\}/g) ?? [];
    const required: string[] = REQUIRED[name] ?? [];
    const missing = required.filter((p) => !placeholders.includes(p));
    const allowed = new Set(['{clientId}', ...required]);
    // A path, never a URL: `//host/…` is protocol-relative (an HTTP client would send the secret
    // there instead of to SECURITIZE_API_URL), so no empty segment at all.
    if (
      !PATH_SHAPE.test(path) ||
      path.includes('..') ||
      path.includes('//') ||
      placeholders.some((p) => !allowed.has(p))
    )
      problems.push(
        `SECURITIZE_PATHS: ${name} must be a path starting with / (letters, digits, / _ . -, and ${[...allowed].join(' ')})`,
      );
    else if (missing.length > 0)
      problems.push(`SECURITIZE_PATHS: ${name} must contain ${missing.join(' and ')}`);
    else paths[name] = path;
  }
  return paths;
}

/** Fills a path's placeholders; every value is percent-encoded as one path segment. */
export function fillPath(path: string, values: Record<string, string>): string {
  return path.replace(/\{([A-Za-z]+)\}/g, (whole, key: string) =>
    KNOWN_PLACEHOLDERS.has(whole) && values[key] !== undefined ? encodeURIComponent(values[key]) : whole,
  );
}
