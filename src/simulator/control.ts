import { CALLBACK_STYLES, EXPIRATION_FORMATS } from './options';
import { consentKey, type SimulatorState } from './state';
import type { DomainControl } from './domain';
import type { SimulatorControl } from './types';

/** All but the Domain API's controls, which domain/control.ts brings. */
export function createControl(state: SimulatorState): Omit<SimulatorControl, keyof DomainControl> {
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
      if (!state.investors.find(investorId)) throw new Error(`unknown investorId ${investorId}`);
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
    setCallbackStyle(style) {
      if (!CALLBACK_STYLES.includes(style)) throw new TypeError(`unknown callback style ${String(style)}`);
      state.callbackStyle = style;
    },
    setTokenAnswer(answer) {
      const format = answer.expirationFormat;
      if (format !== undefined && !EXPIRATION_FORMATS.includes(format))
        throw new TypeError(`unknown expiration format ${String(format)}`);
      state.tokenAnswer = {
        expirationFormat: format ?? state.tokenAnswer.expirationFormat,
        refreshOmitsInvestorId: answer.refreshOmitsInvestorId ?? state.tokenAnswer.refreshOmitsInvestorId,
      };
    },
    putInvestor: (investor) => state.investors.put(structuredClone(investor)),
    reset: () => state.reset(),
  };
}
