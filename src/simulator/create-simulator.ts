import { createApp } from './create-app';
import { createControl } from './control';
import { listen } from './listen';
import { resolveOptions } from './options';
import { createState } from './state';
import type { Simulator, SimulatorOptions } from './types';

/** A self-contained Securitize iD / Connect API stand-in; all of its state lives in the returned object. */
export function createSimulator(opts?: SimulatorOptions): Simulator {
  const state = createState(resolveOptions(opts));
  const control = createControl(state);
  const app = createApp(state, control);
  return { app, control, listen: (port, host) => listen(app, port, host) };
}
