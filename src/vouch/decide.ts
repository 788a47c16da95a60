import type { Logger } from 'pino';
import { AppError } from '../errors';
import { evaluate, needsFacts, Requirements, Verdict } from '../policy';
import type { ActiveSession, Sessions } from '../session';
import type { Assertions } from './assertions';
import type { FactsSource } from './facts';
import type { AuditRecorder } from '../audit';

export interface VouchDeps {
  sessions: Pick<Sessions, 'handle'>;
  facts: FactsSource;
  assertions: Assertions;
  defaultAudience: string;
  /** Securitize iD's verification page, where a `kyc_required` denial sends the investor. */
  verificationPage: string;
  /** A policy's refusal is an `access_denied` event (the trail drops repeats within a minute). */
  audit?: AuditRecorder;
}

export interface Vouched {
  investorId: string;
  assertion: string;
}

/** A denial as the one error type: `reason` names the failed requirement, `missing` an absent fact. */
function denial(v: Exclude<Verdict, { allow: true }>, verificationPage: string): AppError {
  return new AppError(v.error, {
    detail: { reason: v.reason, missing: v.missing },
    expose: {
      reason: v.reason,
      ...(v.missing && { missing: v.missing }),
      ...(v.error === 'kyc_required' && { action: verificationPage }),
    },
  });
}

/**
 * Vouching for the investor of a session: the requirements are checked against their KYC facts
 * (fetched only when a requirement needs them; a decision that needs only the session goes on
 * when Securitize is down), and an assertion is signed for the audience. A denial throws; nothing
 * is signed for a request that is refused.
 */
export function createVouch(deps: VouchDeps) {
  return async function vouch(
    session: ActiveSession | null | undefined,
    requirements: Requirements | null,
    audience: string | undefined,
    log?: Logger,
    /** The rule, `apis` prefix or policy decided under, for the audit trail. */
    rule = 'requirements',
  ): Promise<Vouched> {
    if (!session) throw new AppError('login_required');
    const required = needsFacts(requirements);
    const facts = await deps.facts(session, required, log);
    if (required) {
      const verdict = evaluate(requirements!, facts!);
      if (!verdict.allow) {
        const { investorId } = session.record;
        const at = { investorId, session: deps.sessions.handle(session.sid) };
        deps.audit?.record({
          type: 'access_denied',
          rule,
          reason: `${verdict.error}:${verdict.reason}`,
          ...at,
        });
        throw denial(verdict, deps.verificationPage);
      }
    }
    const investorId = session.record.investorId;
    const assertion = await deps.assertions.assertionFor(
      { investorId, session: deps.sessions.handle(session.sid) },
      facts,
      audience ?? deps.defaultAudience,
    );
    return { investorId, assertion };
  };
}

export type Vouch = ReturnType<typeof createVouch>;
