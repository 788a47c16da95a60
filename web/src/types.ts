// The JSON shapes the BFF answers, under the names the app uses. No shape is written here: each one is an
// alias of a type generated from openapi.yaml (api-types.ts, `npm run types:web`). To change a shape,
// change openapi.yaml, which test/integration/openapi.test.ts checks against the BFF's real answers.
import type { components, paths } from './api-types.js';

type Schemas = components['schemas'];

/** The JSON body of an operation's 200 answer; a compile error if openapi.yaml gives it none. */
type Answer<Operation extends { responses: { 200: { content: { 'application/json': unknown } } } }> =
  Operation['responses'][200]['content']['application/json'];

/** GET /api/me. `sessionSecondsLeft`: until the idle or the absolute limit ends the session. */
export type Me = Schemas['Me'];

/** GET /api/investor. `verificationStatus` is passed through; only `verified` says "verified". */
export type Investor = Schemas['Investor'];

export type InvestorDocument = Schemas['Document'];

/** A legal signer of an entity investor: a person or another entity. */
export type Signer = Schemas['Signer'];

export type Wallet = Schemas['Wallet'];

/** The body of POST /api/wallets; `name` is optional. */
export type NewWallet = Schemas['NewWallet'];

/** One of the investor's sessions; `id` is a hash, never the session id. */
export type SessionInfo = Schemas['Session'];

/** A fresh pre-signed URL for one document. */
export type DocumentView = Schemas['View'];

export type DocumentList = Answer<paths['/api/documents']['get']>;
export type SignerList = Answer<paths['/api/signers']['get']>;
export type WalletList = Answer<paths['/api/wallets']['get']>;
export type SessionList = Answer<paths['/api/sessions']['get']>;
export type RevokedSessions = Answer<paths['/api/sessions/revoke-others']['post']>;
