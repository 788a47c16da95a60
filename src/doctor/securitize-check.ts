import type { Config } from '../config';
import {
  allowListEntryFor,
  canReadApplication,
  getApplication,
  pingHost,
  redirectAllowed,
  redirectListCurl,
} from '../securitize';
import { Check, fail, ok, skip, warn } from './checks';

const CREDENTIALS_FIX =
  'check SECURITIZE_CLIENT_ID and SECURITIZE_SECRET (the sandbox and production each have their own pair)';
const GATEWAY_WHY =
  'the gateway has no documented path that reads the application (SECURITIZE_API_STYLE=gateway); the login probe (--login) checks the secret at a real code exchange';
const MAX_SKEW_MS = 60_000;

type Answer = { status: number; date?: string };

async function reach(url: string, timeoutMs: number): Promise<Answer | string> {
  try {
    return await pingHost(url, timeoutMs);
  } catch (err) {
    return (err as { detail?: { transport?: string } }).detail?.transport ?? 'no answer';
  }
}

/** The Securitize set-up: hosts, credentials, application name, allow-list, clock. */
export async function checkSecuritize(config: Config, timeoutMs: number, now = Date.now): Promise<Check[]> {
  const s = config.securitize;
  const checks: Check[] = [];
  const api = await reach(s.apiUrl, timeoutMs);
  if (typeof api === 'string') {
    checks.push(
      fail(
        'securitize.api',
        'Securitize API host',
        `${s.apiUrl} does not answer (${api})`,
        'check SECURITIZE_API_URL, DNS and outbound firewall rules',
      ),
      ...['credentials', 'app-name', 'allow-list'].map((w) =>
        skip(`securitize.${w}`, w, 'API host not reached'),
      ),
    );
  } else {
    checks.push(ok('securitize.api', 'Securitize API host', `${s.apiUrl} answers (HTTP ${api.status})`));
    checks.push(...(await application(config, timeoutMs)));
  }
  const login = await reach(s.loginUrl, timeoutMs);
  checks.push(
    typeof login === 'string'
      ? fail(
          'securitize.login',
          'Securitize login host',
          `${s.loginUrl} does not answer (${login})`,
          'check SECURITIZE_LOGIN_URL',
        )
      : ok('securitize.login', 'Securitize login host', `${s.loginUrl} answers (HTTP ${login.status})`),
  );
  checks.push(clock(typeof api === 'string' ? undefined : api.date, now()));
  return checks;
}

async function application(config: Config, timeoutMs: number): Promise<Check[]> {
  const s = config.securitize;
  if (!canReadApplication(s.style))
    return ['credentials', 'app-name', 'allow-list'].map((w) => skip(`securitize.${w}`, w, GATEWAY_WHY));
  const app = await getApplication({ ...s, timeoutMs }).catch(() => undefined);
  const path = `GET /v1/${s.clientId}`;
  if (!app || app.status !== 200) {
    const status = app ? `HTTP ${app.status}` : 'no answer';
    const refused = app?.status === 401 || app?.status === 403;
    return [
      fail(
        'securitize.credentials',
        'Securitize credentials',
        refused ? `${path} refused the secret (${status})` : `${path} answered ${status}`,
        refused || app?.status === 404
          ? CREDENTIALS_FIX
          : 'check SECURITIZE_API_URL and SECURITIZE_API_STYLE',
      ),
      skip('securitize.app-name', 'Securitize application', 'not readable'),
      skip('securitize.allow-list', 'redirect allow-list', 'not readable'),
    ];
  }
  const checks = [
    ok('securitize.credentials', 'Securitize credentials', `${path} answers 200 with the secret`),
    app.name === undefined
      ? warn(
          'securitize.app-name',
          'Securitize application',
          'no name in the answer',
          'ask Securitize to name the application',
        )
      : ok('securitize.app-name', 'Securitize application', `"${app.name}"`),
  ];
  const list = app.redirectUrls ?? [];
  const sample = `${config.callbackUrl}/<state>`;
  const entry = list.find((e) => redirectAllowed(`${config.callbackUrl}/STATE`, [e]));
  if (entry)
    checks.push(ok('securitize.allow-list', 'redirect allow-list', `${sample} is covered by "${entry}"`));
  else {
    const add = allowListEntryFor(config.publicUrl);
    const curl = redirectListCurl(s, [...list, add]);
    checks.push(
      fail(
        'securitize.allow-list',
        'redirect allow-list',
        `${sample} is on none of the ${list.length} entr${list.length === 1 ? 'y' : 'ies'}; Securitize would refuse to send investors back`,
        `add "${add}" to the application's redirectUrls (this PATCH keeps the ${list.length} current one(s); with SECURITIZE_SECRET set in your shell):\n${curl}`,
      ),
    );
  }
  return checks;
}

function clock(date: string | undefined, nowMs: number): Check {
  const at = date ? Date.parse(date) : NaN;
  if (Number.isNaN(at)) return skip('securitize.clock', 'clock', 'the API host sent no Date header');
  const skew = nowMs - at;
  const seconds = Math.round(Math.abs(skew) / 1000);
  const said = `${seconds} s ${skew > 0 ? 'ahead of' : 'behind'} Securitize's Date header`;
  // Date has one-second resolution: a second either way is the header's rounding.
  if (Math.abs(skew) < MAX_SKEW_MS)
    return ok(
      'securitize.clock',
      'clock',
      seconds <= 1 ? 'in step with Securitize' : `this machine is ${said}`,
    );
  return fail(
    'securitize.clock',
    'clock',
    `this machine is ${said} (more than a minute)`,
    "synchronise this machine's clock (NTP, e.g. timedatectl set-ntp true): token expiries are computed from it",
  );
}
