import { z } from 'zod';

/**
 * Securitize's docs wrap these responses in {status, data, error, success}; production integrators
 * read them bare (docs/securitize.md, "The response envelope"). Accept both; the web app always gets one stable shape,
 * with null for what Securitize did not send (docs/securitize.md, "The investor profile"; fields depend on scope and consent).
 */
export function unwrap(body: unknown): unknown {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const o = body as Record<string, unknown>;
    if ('data' in o && 'success' in o) return o.data;
  }
  return body;
}

export const KNOWN_STATUSES = [
  'none',
  'processing',
  'updates-required',
  'manual-review',
  'verified',
  'rejected',
  'expired',
] as const;

const str = z.string().max(4096).optional().nullable();
const obj = z.record(z.string(), z.unknown()).optional().nullable();

const investorSchema = z.looseObject({
  investorId: z.string().min(1).max(128),
  email: str,
  fullName: str,
  verificationStatus: str,
  tfaEnabled: z.union([z.boolean(), z.string()]).optional().nullable(),
  language: str,
  createDate: str,
  details: obj,
  domainInvestorDetails: obj,
});

const documentSchema = z.looseObject({
  documentId: z.string().min(1).max(128),
  docType: str,
  docCategory: str,
  side: str,
  fileName: str,
  fileType: str,
  verificationStatus: str,
  thumbnail: z
    .string()
    .max(512 * 1024)
    .optional()
    .nullable(),
  createDate: str,
});

const signerSchema = z.looseObject({
  signerId: z.string().min(1).max(128),
  signerType: str,
  email: str,
  individualName: obj,
  legalName: str,
  businessName: str,
  entityType: str,
  address: obj,
  birthDate: str,
  createDate: str,
  documents: z.array(documentSchema).optional().nullable(),
});

const walletSchema = z.looseObject({
  address: z.string().min(1).max(256),
  name: str,
  tokenId: str,
  status: str,
  securitizeIdWalletId: str,
  createDate: str,
});

const verificationSchema = z.looseObject({
  status: z.string().min(1).max(64),
  createDate: str,
  updateDate: str,
  isManual: z.boolean().optional().nullable(),
  errors: z.array(z.string().max(1024)).optional().nullable(),
});

const viewSchema = z.looseObject({ url: z.url({ protocol: /^https?$/ }).max(8192) });

export type Investor = ReturnType<typeof toInvestor>;
export type Document = ReturnType<typeof toDocument>;
export type Signer = ReturnType<typeof toSigner>;
export type Wallet = ReturnType<typeof toWallet>;
export type Verification = ReturnType<typeof toVerification>;

const typeOf = (v: unknown) => (typeof v === 'string' ? v : null);
const n = <T>(v: T | undefined | null): T | null => (v === undefined ? null : v);
const addressCountry = (details: Record<string, unknown> | null | undefined) => {
  const address = details?.address as Record<string, unknown> | undefined;
  return typeof address?.countryCode === 'string' ? address.countryCode : null;
};

export function toInvestor(raw: unknown) {
  const i = investorSchema.parse(raw);
  const status = i.verificationStatus ?? 'none';
  const known = (KNOWN_STATUSES as readonly string[]).includes(status);
  const details = i.details ?? null;
  return {
    investorId: i.investorId,
    email: n(i.email),
    fullName: n(i.fullName),
    // Documented under details; a gateway example has it at the top of the profile.
    investorType: typeOf(i.investorType) ?? typeOf(details?.investorType),
    country: addressCountry(details),
    // Unknown values pass through so the app can show them, but only "verified" is verified (docs/securitize.md, "Verification statuses").
    verificationStatus: status,
    verificationStatusKnown: known,
    verified: status === 'verified',
    tfaEnabled: typeof i.tfaEnabled === 'boolean' ? i.tfaEnabled : null,
    language: n(i.language),
    createDate: n(i.createDate),
    details,
    domainInvestorDetails: i.domainInvestorDetails ?? null,
  };
}

/** The named fields, each present: what Securitize left out becomes null. */
function pick<T extends Record<string, unknown>, K extends keyof T>(o: T, keys: readonly K[]) {
  const out = {} as { [P in K]: Exclude<T[P], undefined> | null };
  for (const k of keys) out[k] = (o[k] ?? null) as Exclude<T[K], undefined> | null;
  return out;
}

const DOCUMENT_FIELDS = ['documentId', 'docType', 'docCategory', 'side', 'fileName', 'fileType'] as const;
export const toDocument = (raw: unknown) =>
  pick(documentSchema.parse(raw), [...DOCUMENT_FIELDS, 'verificationStatus', 'thumbnail', 'createDate']);

export function toSigner(raw: unknown) {
  const s = signerSchema.parse(raw);
  const fields = ['signerId', 'signerType', 'email', 'individualName', 'legalName', 'businessName'] as const;
  return {
    ...pick(s, [...fields, 'entityType', 'address', 'birthDate', 'createDate']),
    documents: (s.documents ?? []).map(toDocument),
  };
}

export const toWallet = (raw: unknown) =>
  pick(walletSchema.parse(raw), [
    'address',
    'name',
    'tokenId',
    'status',
    'securitizeIdWalletId',
    'createDate',
  ]);

export function toVerification(raw: unknown) {
  const v = verificationSchema.parse(raw);
  return { ...pick(v, ['status', 'createDate', 'updateDate', 'isManual']), errors: v.errors ?? [] };
}

export const toView = (raw: unknown) => ({ url: viewSchema.parse(raw).url });

export const toList = <T>(raw: unknown, item: (x: unknown) => T): T[] => {
  if (!Array.isArray(raw)) throw new Error('expected a list');
  return raw.map(item);
};
