import { createFaultQueue } from './fault-queue';
import { createFileStore, type FileStore } from './file-store';
import { SEED_INVESTORS, type WalletRecord } from './fixtures';
import { createInvestorRegistry, type InvestorRegistry } from './investor-registry';
import type { ResolvedOptions } from './options';
import { createSignupStore, type SignupStore } from './signup/store';
import { createTokenStore, type TokenStore } from './token-store';
import type { CallbackStyle, RecordedCall, SimulatorStats, TokenAnswerOptions } from './types';

export interface ClientConfig {
  clientId: string;
  secret: string;
  appName: string;
  appIcon: string;
  redirectUrls: string[];
}

export interface SimulatorState {
  readonly options: ResolvedOptions;
  readonly faults: ReturnType<typeof createFaultQueue>;
  clients: Map<string, ClientConfig>;
  /** The seeded investors plus those who signed up on this instance (reset() forgets the latter). */
  investors: InvestorRegistry;
  /** Sign-ups under way in the login, by id. */
  signups: SignupStore;
  /** `${clientId} ${investorId}` pairs whose consent screen was already accepted. */
  consents: Set<string>;
  tokens: TokenStore;
  files: FileStore;
  wallets: Map<string, WalletRecord[]>;
  calls: RecordedCall[];
  stats: SimulatorStats;
  envelope: { mode: 'wrapped' | 'bare'; status: 0 | 200 };
  callbackStyle: CallbackStyle;
  tokenAnswer: Required<TokenAnswerOptions>;
  reset(): void;
}

export function consentKey(clientId: string, investorId: string): string {
  return `${clientId} ${investorId}`;
}

function initialClients(options: ResolvedOptions): Map<string, ClientConfig> {
  return new Map(
    options.clients.map((c) => [
      c.clientId,
      {
        ...c,
        redirectUrls: [...c.redirectUrls],
        appName: 'Simulated Securitize iD application',
        appIcon: 'https://example.com/app-icon.png',
      },
    ]),
  );
}

type Resettable = Omit<SimulatorState, 'options' | 'faults' | 'reset'>;

function freshParts(options: ResolvedOptions): Resettable {
  return {
    clients: initialClients(options),
    investors: createInvestorRegistry(SEED_INVESTORS),
    signups: createSignupStore(options.now),
    consents: new Set(),
    tokens: createTokenStore(options),
    files: createFileStore(options.now),
    wallets: new Map(SEED_INVESTORS.map((i) => [i.profile.investorId, i.wallets.map((w) => ({ ...w }))])),
    calls: [],
    stats: {
      exchanges: 0,
      exchangeFailures: 0,
      refreshes: 0,
      refreshFailures: 0,
      refreshTokenReuse: 0,
      codeReuse: 0,
    },
    envelope: { mode: options.envelope, status: options.envelopeStatus },
    callbackStyle: options.callbackStyle,
    tokenAnswer: { ...options.tokenAnswer },
  };
}

export function createState(options: ResolvedOptions): SimulatorState {
  const state: SimulatorState = {
    options,
    faults: createFaultQueue(),
    ...freshParts(options),
    // Back to exactly what the constructor options describe, undoing config PATCHes, sign-ups and run-time switches.
    reset() {
      state.faults.clear();
      Object.assign(state, freshParts(options));
    },
  };
  return state;
}
