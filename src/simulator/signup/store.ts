import { randomBytes } from 'node:crypto';

/** The sign-up steps, in the only order they can be done. */
export const SIGNUP_STEPS = ['account', 'identity', 'documents', 'consent'] as const;
export type SignupStep = (typeof SIGNUP_STEPS)[number];

/** A sign-up left unfinished this long (by the simulator's clock) is gone. */
export const SIGNUP_TTL_MS = 24 * 60 * 60 * 1000;

export type InvestorType = 'individual' | 'entity';

export interface AccountData {
  fullName: string;
  email: string;
}

export interface IdentityData {
  investorType: InvestorType;
  country: string;
  /** Only for US residents. */
  usState?: string;
  /** YYYY-MM-DD. */
  birthDate: string;
  /** Only for entities. */
  entityName?: string;
}

export interface DocumentData {
  docType: string;
  submittedAt: number;
}

export interface SignupRecord {
  id: string;
  clientId: string;
  scope: string;
  redirectUrl: string;
  startedAt: number;
  /** How many steps are done: the next one is SIGNUP_STEPS[completed]. Redoing a step undoes the ones after it. */
  completed: number;
  account?: AccountData;
  identity?: IdentityData;
  document?: DocumentData;
}

export type SignupStore = ReturnType<typeof createSignupStore>;

export function createSignupStore(now: () => number) {
  const records = new Map<string, SignupRecord>();
  const expired = (r: SignupRecord, t: number) => t >= r.startedAt + SIGNUP_TTL_MS;

  return {
    start(request: Pick<SignupRecord, 'clientId' | 'scope' | 'redirectUrl'>): SignupRecord {
      const t = now();
      for (const [id, r] of records) if (expired(r, t)) records.delete(id);
      const id = randomBytes(16).toString('hex');
      const record: SignupRecord = { ...request, id, startedAt: t, completed: 0 };
      records.set(id, record);
      return record;
    },

    /** undefined when the id is unknown, finished or expired. */
    get(id: string): SignupRecord | undefined {
      const record = records.get(id);
      if (record && expired(record, now())) {
        records.delete(id);
        return undefined;
      }
      return record;
    },

    finish(id: string): void {
      records.delete(id);
    },
  };
}
