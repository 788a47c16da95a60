import { ApiStyle, EndpointPaths, parsePathOverrides } from '../securitize';

/** How the BFF reaches Securitize: hosts, credentials, API style and paths. */
export interface SecuritizeConfig {
  clientId: string;
  secret: string;
  apiUrl: string;
  loginUrl: string;
  scope: string;
  timeoutMs: number;
  style: ApiStyle;
  paths: EndpointPaths;
}

export interface SecuritizeEnv {
  SECURITIZE_CLIENT_ID?: string;
  SECURITIZE_SECRET?: string;
  SECURITIZE_API_URL?: string;
  SECURITIZE_LOGIN_URL?: string;
  SECURITIZE_SCOPE?: string;
  SECURITIZE_TIMEOUT_MS: number;
  SECURITIZE_API_STYLE: ApiStyle;
  SECURITIZE_PATHS?: string;
}

/** https, or http to this machine only (a simulator or a local tunnel): never plain http across a network. */
export function secureOrLocal(value: string): boolean {
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The sandbox hosts: a mistake in development must never reach production data. */
const SANDBOX_API: Record<ApiStyle, string> = {
  direct: 'https://sec-id-api.sandbox.securitize.io',
  gateway: 'https://connect-gw.sandbox.securitize.io',
};
const SANDBOX_LOGIN = 'https://id.sandbox.securitize.io';

/**
 * The Securitize part of the configuration. Problems are appended (never with a value: the secret
 * is one); `origin` parses and checks a URL the way the rest of the configuration does.
 */
export function parseSecuritizeConfig(
  raw: SecuritizeEnv,
  problems: string[],
  origin: (name: string, value: string) => string | undefined,
  production: boolean,
): SecuritizeConfig | undefined {
  const apiUrl = origin(
    'SECURITIZE_API_URL',
    raw.SECURITIZE_API_URL ?? SANDBOX_API[raw.SECURITIZE_API_STYLE],
  );
  const loginUrl = origin('SECURITIZE_LOGIN_URL', raw.SECURITIZE_LOGIN_URL ?? SANDBOX_LOGIN);
  if (production)
    for (const [name, url] of [
      ['SECURITIZE_API_URL', apiUrl],
      ['SECURITIZE_LOGIN_URL', loginUrl],
    ] as const)
      if (url && !secureOrLocal(url))
        problems.push(
          `${name}: must be https in production (the secret, codes and tokens would travel in clear); http only to this machine (localhost, 127.0.0.1, ::1)`,
        );
  if (!raw.SECURITIZE_CLIENT_ID) problems.push('SECURITIZE_CLIENT_ID: required');
  else if (!/^[A-Za-z0-9-]{1,64}$/.test(raw.SECURITIZE_CLIENT_ID))
    problems.push('SECURITIZE_CLIENT_ID: must be the application id (letters, digits and dashes)');
  if (!raw.SECURITIZE_SECRET) problems.push('SECURITIZE_SECRET: required');
  else if (/[\r\n]/.test(raw.SECURITIZE_SECRET)) problems.push('SECURITIZE_SECRET: must be a single line');
  const paths = parsePathOverrides(raw.SECURITIZE_API_STYLE, raw.SECURITIZE_PATHS, problems);
  if (!apiUrl || !loginUrl || !raw.SECURITIZE_CLIENT_ID || !raw.SECURITIZE_SECRET) return undefined;
  return {
    clientId: raw.SECURITIZE_CLIENT_ID,
    secret: raw.SECURITIZE_SECRET,
    apiUrl,
    loginUrl,
    scope: raw.SECURITIZE_SCOPE ?? 'info details verification',
    timeoutMs: raw.SECURITIZE_TIMEOUT_MS,
    style: raw.SECURITIZE_API_STYLE,
    paths,
  };
}
