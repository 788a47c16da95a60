import { accessSync, constants, statSync } from 'node:fs';

/** Where Redis is and how to talk to it: one server, a Sentinel-managed primary, or a Cluster. */
export interface RedisEndpoint {
  host: string;
  port: number;
}

export type RedisTopology =
  | { mode: 'standalone'; url: string }
  | { mode: 'sentinel'; sentinels: RedisEndpoint[]; name: string }
  | { mode: 'cluster'; nodes: RedisEndpoint[] };

export interface RedisConfig {
  topology: RedisTopology;
  commandTimeoutMs: number;
  /** ACL user and password of the data nodes (a REDIS_URL may carry its own instead). */
  username?: string;
  password?: string;
  /** Sentinels' own credentials, when they require AUTH. */
  sentinelUsername?: string;
  sentinelPassword?: string;
  /** TLS to the data nodes (a `rediss://` URL implies it) and to the sentinels. */
  tls: boolean;
  sentinelTls: boolean;
  /** PEM file of the CA that signed the Redis servers' certificates (default: the system's CAs). */
  tlsCaFile?: string;
}

export interface RedisEnv {
  REDIS_URL?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME?: string;
  REDIS_CLUSTER_NODES?: string;
  REDIS_USERNAME?: string;
  REDIS_PASSWORD?: string;
  REDIS_SENTINEL_USERNAME?: string;
  REDIS_SENTINEL_PASSWORD?: string;
  REDIS_TLS: boolean;
  REDIS_SENTINEL_TLS: boolean;
  REDIS_TLS_CA_FILE?: string;
  REDIS_COMMAND_TIMEOUT_MS: number;
}

/** Exactly one way to reach Redis; problems are appended (never with a value: passwords may be in them). */
export function parseRedisConfig(raw: RedisEnv, problems: string[]): RedisConfig | undefined {
  const given = (['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'] as const).filter((k) => raw[k]);
  if (given.length === 0) {
    problems.push(
      'REDIS_URL: required (sessions, login transactions and locks live in Redis), or REDIS_SENTINELS with ' +
        'REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES',
    );
    return undefined;
  }
  if (given.length > 1) {
    problems.push(`${given.join(', ')}: set only one of them`);
    return undefined;
  }
  let topology: RedisTopology | undefined;
  if (raw.REDIS_URL) {
    if (!/^(rediss?|unix):\/\//.test(raw.REDIS_URL))
      problems.push('REDIS_URL: must start with redis://, rediss:// or unix://');
    else topology = { mode: 'standalone', url: raw.REDIS_URL };
  } else if (raw.REDIS_SENTINELS) {
    const sentinels = parseEndpoints('REDIS_SENTINELS', raw.REDIS_SENTINELS, problems);
    if (!raw.REDIS_SENTINEL_NAME) problems.push('REDIS_SENTINEL_NAME: required with REDIS_SENTINELS');
    else if (!/^[A-Za-z0-9._-]{1,128}$/.test(raw.REDIS_SENTINEL_NAME))
      problems.push('REDIS_SENTINEL_NAME: letters, digits, dots, dashes and underscores only');
    else if (sentinels) topology = { mode: 'sentinel', sentinels, name: raw.REDIS_SENTINEL_NAME };
  } else {
    const nodes = parseEndpoints('REDIS_CLUSTER_NODES', raw.REDIS_CLUSTER_NODES!, problems);
    if (nodes) topology = { mode: 'cluster', nodes };
  }
  if (raw.REDIS_SENTINEL_NAME && !raw.REDIS_SENTINELS)
    problems.push('REDIS_SENTINEL_NAME: only means something with REDIS_SENTINELS');
  for (const name of ['REDIS_SENTINEL_TLS', 'REDIS_SENTINEL_USERNAME', 'REDIS_SENTINEL_PASSWORD'] as const)
    if (raw[name] && !raw.REDIS_SENTINELS)
      problems.push(`${name}: only means something with REDIS_SENTINELS`);
  const tls = raw.REDIS_TLS || !!raw.REDIS_URL?.startsWith('rediss://');
  if (raw.REDIS_TLS_CA_FILE) {
    if (!tls && !raw.REDIS_SENTINEL_TLS)
      problems.push(
        'REDIS_TLS_CA_FILE: only means something with REDIS_TLS, REDIS_SENTINEL_TLS or a rediss:// URL',
      );
    else if (!isReadableFile(raw.REDIS_TLS_CA_FILE)) problems.push('REDIS_TLS_CA_FILE: not a readable file');
  }
  if (!topology) return undefined;
  return {
    topology,
    commandTimeoutMs: raw.REDIS_COMMAND_TIMEOUT_MS,
    username: raw.REDIS_USERNAME,
    password: raw.REDIS_PASSWORD,
    sentinelUsername: raw.REDIS_SENTINEL_USERNAME,
    sentinelPassword: raw.REDIS_SENTINEL_PASSWORD,
    tls,
    sentinelTls: raw.REDIS_SENTINEL_TLS,
    tlsCaFile: raw.REDIS_TLS_CA_FILE,
  };
}

/** `host:port,host:port`; IPv6 hosts in brackets (`[::1]:26379`). */
function parseEndpoints(name: string, list: string, problems: string[]): RedisEndpoint[] | undefined {
  const out: RedisEndpoint[] = [];
  for (const item of list.split(',').map((s) => s.trim())) {
    const m = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]{1,253}):(\d{1,5})$/.exec(item);
    const port = m ? Number(m[2]) : NaN;
    if (!m || port < 1 || port > 65535) {
      problems.push(`${name}: each entry must be host:port (entry ${out.length + 1} is not)`);
      return undefined;
    }
    out.push({ host: m[1]!.replace(/^\[|\]$/g, ''), port });
  }
  return out;
}

function isReadableFile(file: string): boolean {
  try {
    accessSync(file, constants.R_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
