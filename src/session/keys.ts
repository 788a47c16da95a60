/** Every Redis key the BFF writes, in one place (issue 7 will add hash tags for Cluster here). */
export const SESSION_PREFIX = 'sess:';
export const sessionKey = (sid: string) => SESSION_PREFIX + sid;
export const lockKey = (sid: string) => `lock:${sid}`;
export const successorKey = (fingerprint: string) => `succ:${fingerprint}`;
export const investorKey = (investorId: string) => `inv:${investorId}`;
