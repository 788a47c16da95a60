import type { Response } from 'express';
import type { SimulatorState } from '../state';
import { sendData } from './envelope';

/** How an investor endpoint answers, which differs between the direct API and the gateway. */
export interface Replies {
  /** A successful answer carrying `data`. */
  data(res: Response, data: unknown): void;
  /** The answer for an investor who never started a verification. */
  noVerification(res: Response): void;
}

// Documented as a 404 that still says success (docs/securitize.md, "Verification statuses"), and so sent the same way whatever the envelope setting.
const NO_VERIFICATION = { status: 0, data: {}, error: {}, success: true };

/** The direct API: the envelope (or not) as currently set. */
export function directReplies(state: SimulatorState): Replies {
  return {
    data: (res, data) => sendData(state, res, data),
    noVerification: (res) => void res.status(404).json(NO_VERIFICATION),
  };
}

/** The gateway: always the bare object, as integrators read it there; the missing verification is a bare `{}`. */
export const GATEWAY_REPLIES: Replies = {
  data: (res, data) => void res.status(200).json(data),
  noVerification: (res) => void res.status(404).json({}),
};
