import { http, postJson } from './http';

/** The simulator's HTTP control API (it runs in its own process). */
export interface SimStats {
  refreshes: number;
  refreshTokenReuse: number;
  exchanges: number;
}

export async function simStats(simUrl: string): Promise<SimStats> {
  return JSON.parse((await http(`${simUrl}/__control/stats`)).body) as SimStats;
}

/** The simulator records every /v1 call in memory; emptied after each load so it doesn't grow. */
export async function clearSimCalls(simUrl: string): Promise<void> {
  await http(`${simUrl}/__control/calls`, { method: 'DELETE' });
}

/** Makes Securitize answer 401 to every access token issued so far, which triggers the refresh. */
export async function expireAccessTokens(simUrl: string): Promise<void> {
  const r = await postJson(`${simUrl}/__control/expire-access-tokens`, {});
  if (r.status !== 200) throw new Error(`expire-access-tokens answered ${r.status}`);
}
