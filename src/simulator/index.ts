export { createSimulator } from './create-simulator';
export { DEV_CLIENT, SEEDED } from './fixtures';
export type {
  Fault,
  RecordedCall,
  Simulator,
  SimulatorClient,
  SimulatorControl,
  SimulatorOptions,
  SimulatorStats,
} from './types';
