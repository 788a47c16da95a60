import { randomBytes } from 'node:crypto';
import { resolveDomainOptions, type ResolvedDomainOptions } from './domain';
import { DEV_CLIENT } from './fixtures';
import type {
  CallbackStyle,
  ExpirationFormat,
  SimulatorClient,
  SimulatorOptions,
  TokenAnswerOptions,
} from './types';

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'clients' | 'tokenAnswer' | 'domainApi'>> & {
  domainApi: ResolvedDomainOptions;
  clients: SimulatorClient[];
  tokenAnswer: Required<TokenAnswerOptions>;
};

export const CALLBACK_STYLES: readonly CallbackStyle[] = ['auto', 'question', 'ampersand', 'encoded'];
export const EXPIRATION_FORMATS: readonly ExpirationFormat[] = [
  'iso',
  'epoch-seconds',
  'epoch-ms',
  'epoch-seconds-string',
  'epoch-ms-string',
];

function oneOf<T extends string>(name: string, value: T | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value))
    throw new TypeError(`simulator option ${name} must be one of ${allowed.join(', ')}`);
  return value;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

function positive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0) throw new TypeError(`simulator option ${name} must be > 0`);
  return value;
}

export function resolveOptions(opts: SimulatorOptions = {}): ResolvedOptions {
  const clients = opts.clients ?? [{ ...DEV_CLIENT, redirectUrls: ['http://localhost:3000/*'] }];
  if (clients.length === 0) throw new TypeError('simulator needs at least one client');
  return {
    clients: clients.map((c) => ({ ...c, redirectUrls: [...c.redirectUrls] })),
    codeTtlMs: positive('codeTtlMs', opts.codeTtlMs, 5 * MINUTE),
    accessTokenTtlMs: positive('accessTokenTtlMs', opts.accessTokenTtlMs, 7 * DAY),
    refreshTokenTtlMs: positive('refreshTokenTtlMs', opts.refreshTokenTtlMs, 365 * DAY),
    envelope: opts.envelope ?? 'wrapped',
    envelopeStatus: opts.envelopeStatus ?? 0,
    acceptBearer: opts.acceptBearer ?? false,
    now: opts.now ?? Date.now,
    jwtSecret: opts.jwtSecret ?? randomBytes(32).toString('base64url'),
    accessTokenBytes: opts.accessTokenBytes ?? 0,
    issuerNameQuirk: opts.issuerNameQuirk ?? true,
    refreshRevokesAccessToken: opts.refreshRevokesAccessToken ?? false,
    onAuthFailure: opts.onAuthFailure ?? (() => undefined),
    callbackStyle: oneOf('callbackStyle', opts.callbackStyle, CALLBACK_STYLES, 'auto'),
    domainApi: resolveDomainOptions(opts.domainApi),
    tokenAnswer: {
      expirationFormat: oneOf(
        'tokenAnswer.expirationFormat',
        opts.tokenAnswer?.expirationFormat,
        EXPIRATION_FORMATS,
        'iso',
      ),
      refreshOmitsInvestorId: opts.tokenAnswer?.refreshOmitsInvestorId ?? false,
    },
  };
}
