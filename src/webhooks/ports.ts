/** What a delivery about an investor's KYC does: drop what is cached, fetch again in the background. */
export interface FreshnessPort {
  drop(investorId: string, source: 'webhook'): Promise<void>;
  recheck(investorId: string): void;
}

/** Why a delivery was refused unread. */
export type RefusalKind = 'webhook_token' | 'webhook_signature';

export interface AuditPort {
  record(e: { type: 'webhook_received'; eventType: string; outcome: string; investorId?: string }): void;
}
