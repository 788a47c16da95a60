import type { WalletRecord } from '../fixtures';
import { hasNonJsonBody } from '../http/api-intake';
import type { InvestorRoute } from '../http/auth';
import { sendBoom } from '../http/boom';
import type { SimulatorState } from '../state';

// Wallets (docs/securitize.md): the POST keys could not be retrieved. `address`, `tokenId` are documented names; `name` and
// `securitizeIdWalletId` are this simulator's guess at the label and the optional link (the docs spell the
// concept `securitizeiDwalletID`). Response shapes are also undocumented: a flat list, one entry per token.
// Since the label's key is a guess, it is optional: a wallet posted without it is stored with no `name` key.
const ALLOWED = new Set(['address', 'name', 'tokenId', 'securitizeIdWalletId']);
const ADDRESS = /^[A-Za-z0-9]{20,128}$/; // Ethereum 0x…, Algorand base32 and similar; the chain is not checked

type NewWallet = Pick<WalletRecord, 'address' | 'name' | 'tokenId' | 'securitizeIdWalletId'>;

function requiredString(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (value === undefined) throw new Error(`"${key}" is required`);
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`"${key}" must be a non-empty string`);
  if (value.length > 200) throw new Error(`"${key}" is too long`);
  return value;
}

function parseWallet(body: unknown): NewWallet {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new Error('"value" must be an object');
  const fields = body as Record<string, unknown>;
  const unknownKey = Object.keys(fields).find((k) => !ALLOWED.has(k));
  if (unknownKey !== undefined) throw new Error(`"${unknownKey}" is not allowed`);
  const address = requiredString(fields, 'address');
  if (!ADDRESS.test(address)) throw new Error('"address" is not a valid wallet address');
  const name = fields.name === undefined ? undefined : requiredString(fields, 'name');
  const wallet: NewWallet = {
    address,
    ...(name === undefined ? {} : { name }),
    tokenId: requiredString(fields, 'tokenId'),
  };
  if (fields.securitizeIdWalletId !== undefined) {
    wallet.securitizeIdWalletId = requiredString(fields, 'securitizeIdWalletId');
  }
  return wallet;
}

/** GET and POST `…/domain/wallets`, for both the direct API and the gateway. */
export function walletRoutes(state: SimulatorState): InvestorRoute[] {
  return [
    {
      method: 'get',
      path: '/domain/wallets',
      handler: (_req, res, { investor, reply }) =>
        reply.data(res, state.wallets.get(investor.profile.investorId) ?? []),
    },
    {
      method: 'post',
      path: '/domain/wallets',
      handler: (req, res, { investor, reply }) => {
        if (hasNonJsonBody(req)) return sendBoom(res, 415);
        let wallet: NewWallet;
        try {
          wallet = parseWallet(req.body);
        } catch (err) {
          return sendBoom(res, 400, (err as Error).message);
        }
        const list = state.wallets.get(investor.profile.investorId) ?? [];
        const same = (w: WalletRecord) =>
          w.tokenId === wallet.tokenId && w.address.toLowerCase() === wallet.address.toLowerCase();
        if (list.some(same)) return sendBoom(res, 409, 'Wallet already registered for this token');
        // Whitelisting is asynchronous on the real platform, so a new wallet starts as pending.
        const created: WalletRecord = {
          ...wallet,
          status: 'pending',
          createDate: new Date(state.options.now()).toISOString(),
        };
        state.wallets.set(investor.profile.investorId, [...list, created]);
        // 200 rather than 201: the real status code is undocumented (docs/securitize.md, "Open questions").
        reply.data(res, created);
      },
    },
  ];
}
