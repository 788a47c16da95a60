import type { Logger } from 'pino';
import type { TokenSet } from '../securitize';
import type { Metrics } from '../metrics';

/**
 * A token answer that had to be read leniently leaves a trace: a warning that says what was
 * missing and a count per endpoint, so an operator sees when Securitize changes its answers.
 */
export function noteTokenAnswer(
  log: Logger,
  metrics: Pick<Metrics, 'tokenAnswer'> | undefined,
  endpoint: string,
  tokens: TokenSet,
  keptInvestorId = false,
): void {
  if (tokens.expirationSource !== 'answer') {
    metrics?.tokenAnswer(endpoint, `expiration_from_${tokens.expirationSource}`);
    log.warn(
      { event: 'token_answer_lenient', endpoint, expirationSource: tokens.expirationSource },
      'token answer had no usable expiration; using the fallback',
    );
  }
  if (keptInvestorId) {
    metrics?.tokenAnswer(endpoint, 'investor_id_kept');
    log.info(
      { event: 'token_answer_lenient', endpoint },
      'token answer had no investorId; kept the session’s',
    );
  }
}
