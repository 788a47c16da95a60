import type { Response } from 'express';
import type { SimulatorState } from '../state';

/** Non-token responses: the documented envelope, or bare `data` as integrators see it (docs/securitize.md, "The response envelope"). */
export function sendData(state: SimulatorState, res: Response, data: unknown, httpStatus = 200): void {
  const { mode, status } = state.envelope;
  res.status(httpStatus).json(mode === 'bare' ? data : { status, data, error: {}, success: true });
}
