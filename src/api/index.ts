/** The web app's JSON API and the health probes. */
export { createApi } from './create-api';
export type { ApiFeatureDeps } from './create-api';
