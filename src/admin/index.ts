/** The admin API: an investor's sessions, their facts, the audit trail; on ADMIN_PORT only. */
export { createAdmin, adminLogPath } from './create-admin';
export type { AdminDeps } from './create-admin';
export { createTokenCheck } from './auth';
