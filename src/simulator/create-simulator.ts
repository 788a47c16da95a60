import { createApp } from './create-app';
import { createControl } from './control';
import { createDomainControl, createDomainSide } from './domain';
import { listen } from './listen';
import { resolveOptions } from './options';
import { createState } from './state';
import type { Simulator, SimulatorControl, SimulatorOptions } from './types';

/** A self-contained Securitize iD / Connect API stand-in; all of its state lives in the returned object. */
export function createSimulator(opts?: SimulatorOptions): Simulator {
  const state = createState(resolveOptions(opts));
  const domain = createDomainSide(state.options.domainApi, state.options.now);
  const base = createControl(state);
  const control: SimulatorControl = {
    ...base,
    ...createDomainControl(state, domain),
    // Subscriptions and deliveries go too; the webhook key stays, so a BFF configured with it stays valid.
    reset() {
      base.reset();
      domain.reset();
    },
  };
  const app = createApp(state, control, domain);
  return { app, control, listen: (port, host) => listen(app, port, host) };
}
