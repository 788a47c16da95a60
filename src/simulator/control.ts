import { findInvestor } from './fixtures';
import { consentKey, type SimulatorState } from './state';
import type { SimulatorControl } from './types';

export function createControl(state: SimulatorState): SimulatorControl {
  return {
    // Deep copies: a test that edits what it got back must not rewrite the record.
    calls: () => structuredClone(state.calls),
    clearCalls: () => {
      state.calls = [];
    },
    stats: () => ({ ...state.stats }),

    issueCode(investorId, clientId) {
      const client = clientId === undefined ? [...state.clients.values()][0] : state.clients.get(clientId);
      if (!client) throw new Error(`unknown clientId ${String(clientId)}`);
      if (!findInvestor(investorId)) throw new Error(`unknown investorId ${investorId}`);
      state.consents.add(consentKey(client.clientId, investorId));
      return state.tokens.issueCode(client.clientId, investorId);
    },

    injectFault: (fault) => state.faults.add(fault),
    clearFaults: () => state.faults.clear(),
    setEnvelope(mode, status) {
      state.envelope = { mode, status: status ?? state.envelope.status };
    },
    expireAccessTokens: () => state.tokens.expireAccessTokens(),
    revokeRefreshTokens: () => state.tokens.revokeRefreshTokens(),
    reset: () => state.reset(),
  };
}
