import type { TokenPair } from '../token-store';
import type { ExpirationFormat, TokenAnswerOptions } from '../types';

function expiration(iso: string, format: ExpirationFormat): string | number {
  const ms = Date.parse(iso);
  switch (format) {
    case 'iso':
      return iso;
    case 'epoch-seconds':
      return Math.floor(ms / 1000);
    case 'epoch-ms':
      return ms;
    case 'epoch-seconds-string':
      return String(Math.floor(ms / 1000));
    case 'epoch-ms-string':
      return String(ms);
  }
}

/**
 * The body of a token answer in the form the current settings ask for. The documented form is an ISO `expiration`
 * and an `investorId` on every answer; the other forms let a client prove it copes with what it was not promised.
 */
export function tokenAnswer(
  pair: TokenPair,
  settings: Required<TokenAnswerOptions>,
  kind: 'exchange' | 'refresh',
): Record<string, unknown> {
  const { investorId, accessToken, refreshToken } = pair;
  const omitId = kind === 'refresh' && settings.refreshOmitsInvestorId;
  return {
    ...(omitId ? {} : { investorId }),
    accessToken,
    refreshToken,
    expiration: expiration(pair.expiration, settings.expirationFormat),
  };
}
