import { randomBytes } from 'node:crypto';
import type { Config } from '../config';
import { createProbeCalls, createSecuritizeClient, envelopeOf, ReadEndpoint } from '../securitize';
import { awaitCallback, CallbackShape, readCallback } from './probe-callback';
import {
  Enumerations,
  expirationForm,
  ExpirationForm,
  formOf,
  Shape,
  shapeOf,
  tokenShape,
  TokenShape,
  ValueForm,
} from './probe-shapes';

export interface Answered {
  status?: number;
  /** A transport failure instead of an answer (timeout, refused…). */
  transport?: string;
  envelope?: { form: string; keys?: string[]; status?: unknown };
  shape?: Shape;
}

export interface TokenAnswerShape extends Answered {
  investorId?: ValueForm;
  accessToken?: TokenShape;
  refreshToken?: TokenShape;
  expiration?: ExpirationForm;
}

export interface Findings {
  at: string;
  style: string;
  apiUrl: string;
  loginUrl: string;
  scope: string;
  callback?: CallbackShape & { code?: ValueForm };
  exchange?: TokenAnswerShape;
  codeReuse?: Answered;
  reads: Partial<Record<ReadEndpoint, Answered & { skipped?: string }>>;
  documentUrl?: { lifetimeSeconds?: number; form: string };
  thumbnail?: string;
  badAccessToken?: Answered;
  refresh?: TokenAnswerShape & {
    sameInvestor?: boolean;
    newAccessToken?: boolean;
    newRefreshToken?: boolean;
  };
  oldAccessTokenAfterRefresh?: Answered;
  enumerations: Enumerations;
  rateLimitHeaders: string[];
  /** Why the probe stopped early, if it did. */
  stopped?: string;
}

export interface ProbeOptions {
  timeoutMs: number;
  now?: () => number;
  /** Told the login URL once the callback listens. */
  onLoginUrl: (url: string) => void;
}

type Raw = { status: number; json: unknown; headers: Record<string, string> };

/**
 * One real login against the configured Securitize: receives the browser's return on PUBLIC_URL's
 * callback, exchanges the code, reads each investor endpoint once (GET only), refreshes once, and
 * returns what it saw as shapes. The tokens live in this function's variables only.
 */
export async function runProbe(config: Config, opts: ProbeOptions): Promise<Findings> {
  const now = opts.now ?? Date.now;
  const s = config.securitize;
  const f: Findings = {
    at: new Date(now()).toISOString(),
    style: s.style,
    apiUrl: s.apiUrl,
    loginUrl: s.loginUrl,
    scope: s.scope,
    reads: {},
    enumerations: {},
    rateLimitHeaders: [],
  };
  const state = randomBytes(32).toString('base64url');
  const loginUrl = createSecuritizeClient(s).buildAuthorizeUrl(`${config.callbackUrl}/${state}`);
  const sentPath = `${new URL(config.callbackUrl).pathname}/${state}`;
  const rawUrl = await awaitCallback(config.port, opts.timeoutMs, sentPath, () => opts.onLoginUrl(loginUrl));
  const back = readCallback(rawUrl, sentPath);
  f.callback = { ...back.shape, code: back.code === undefined ? undefined : formOf(back.code) };
  if (!back.code) return { ...f, stopped: 'no code came back (refused or cancelled?)' };

  const calls = createProbeCalls(s);
  const answered = (raw: Raw | string): Answered => {
    if (typeof raw === 'string') return { transport: raw };
    for (const h of Object.keys(raw.headers))
      if (/rate|retry-after/i.test(h) && !f.rateLimitHeaders.includes(h)) f.rateLimitHeaders.push(h);
    const env = envelopeOf(raw.json);
    const { payload, ...envelope } = env;
    return { status: raw.status, envelope, shape: shapeOf(payload, f.enumerations) };
  };
  const attempt = async (p: Promise<Raw>): Promise<Raw | string> =>
    p.catch((err: { detail?: { transport?: string } }) => err.detail?.transport ?? 'no answer');
  const tokenAnswer = (raw: Raw | string): TokenAnswerShape => {
    const out: TokenAnswerShape = answered(raw);
    if (typeof raw === 'string' || raw.status !== 200) return out;
    const b = (raw.json ?? {}) as Record<string, unknown>;
    return {
      ...out,
      investorId: formOf(b.investorId),
      accessToken: tokenShape(b.accessToken),
      refreshToken: tokenShape(b.refreshToken),
      expiration: expirationForm(b.expiration, now()),
    };
  };

  let ex = await attempt(calls.exchange(back.code));
  f.exchange = tokenAnswer(ex);
  const pair = typeof ex === 'string' ? {} : ((ex.json ?? {}) as Record<string, unknown>);
  let access = typeof pair.accessToken === 'string' ? pair.accessToken : undefined;
  let refresh = typeof pair.refreshToken === 'string' ? pair.refreshToken : undefined;
  if (!access) return { ...f, stopped: 'the code exchange gave no access token' };

  const payloads: Partial<Record<ReadEndpoint, unknown>> = {};
  const read = async (endpoint: ReadEndpoint, ids?: Record<string, string>) => {
    const raw = await attempt(calls.read(endpoint, access!, ids));
    f.reads[endpoint] = answered(raw);
    if (typeof raw !== 'string' && raw.status === 200) payloads[endpoint] = envelopeOf(raw.json).payload;
  };
  await read('investor');
  await read('verification');
  await read('documents');
  const docs = asList(payloads.documents);
  const docId = idOf(docs[0], 'documentId');
  if (docId) await read('documentView', { documentId: docId });
  else f.reads.documentView = { skipped: 'no document listed' };
  f.thumbnail = thumbnailForm(docs.find((d) => d.thumbnail !== undefined)?.thumbnail);
  await read('signers');
  const signer = asList(payloads.signers).find((x) => asList(x.documents).length > 0);
  const signerId = idOf(signer, 'signerId');
  const signerDoc = idOf(asList(signer?.documents)[0], 'documentId');
  if (signerId && signerDoc) await read('signerDocumentView', { signerId, documentId: signerDoc });
  else f.reads.signerDocumentView = { skipped: 'no signer with a document' };
  await read('wallets');
  f.documentUrl = urlForm(payloads.documentView);
  f.badAccessToken = answered(await attempt(calls.read('investor', 'probe-not-a-valid-token')));

  if (refresh) {
    const r = await attempt(calls.refresh(refresh));
    const next = typeof r === 'string' ? {} : ((r.json ?? {}) as Record<string, unknown>);
    f.refresh = {
      ...tokenAnswer(r),
      sameInvestor: typeof next.investorId === 'string' ? next.investorId === pair.investorId : undefined,
      newAccessToken: typeof next.accessToken === 'string' ? next.accessToken !== access : undefined,
      newRefreshToken: typeof next.refreshToken === 'string' ? next.refreshToken !== refresh : undefined,
    };
    if (typeof r !== 'string' && r.status === 200)
      f.oldAccessTokenAfterRefresh = answered(await attempt(calls.read('investor', access)));
  }
  // Last, because OAuth lets a server revoke every token a code gave once that code comes back:
  // what a spent code gets (an exchange writes nothing; at worst it ends these tokens early).
  f.codeReuse = answered(await attempt(calls.exchange(back.code)));
  // Forget the tokens: nothing of them leaves this function.
  ex = '';
  access = refresh = undefined;
  return f;
}

const asList = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];
const idOf = (o: Record<string, unknown> | undefined, key: string) =>
  typeof o?.[key] === 'string' || typeof o?.[key] === 'number' ? String(o[key]) : undefined;

function thumbnailForm(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string') return typeof v;
  const data = /^data:([a-z]+\/[a-z0-9.+-]+)/i.exec(v);
  if (data) return `data URL (${data[1]})`;
  return /^https?:\/\//.test(v) ? 'an http(s) URL' : `string (${v.length} chars)`;
}

/** A pre-signed URL's lifetime from its query (X-Amz-Expires), without keeping the URL. */
function urlForm(payload: unknown): Findings['documentUrl'] {
  const url = (payload as { url?: unknown } | undefined)?.url;
  if (typeof url !== 'string') return undefined;
  try {
    const u = new URL(url);
    const expires = Number(u.searchParams.get('X-Amz-Expires') ?? NaN);
    return {
      form: u.searchParams.has('X-Amz-Signature') ? 'pre-signed S3 URL' : `${u.protocol} URL`,
      lifetimeSeconds: Number.isFinite(expires) ? expires : undefined,
    };
  } catch {
    return { form: 'not a URL' };
  }
}
