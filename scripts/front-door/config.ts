import { readFileSync } from 'node:fs';
import path from 'node:path';

/** examples/front-door: the configurations `npm run front-door` runs, edited only for its ports. */
export const EXAMPLE = path.resolve(__dirname, '..', '..', 'examples', 'front-door');

export interface Ports {
  /** The https origin (FRONT_DOOR_PORT, 8443). */
  https: number;
  /** Plain http, redirecting to https (FRONT_DOOR_HTTP_PORT, 8080). */
  http: number;
  /** The BFF's PORT (3000), its FORWARD_AUTH_PORT (9101), the example backend's (APP_BACKEND_PORT, 4100). */
  bff: number;
  forwardAuth: number;
  backend: number;
}

/** The ports the example files name: `npm run front-door` with nothing set. */
export const DEFAULT_PORTS: Ports = { https: 8443, http: 8080, bff: 3000, forwardAuth: 9101, backend: 4100 };

type Env = Record<string, string | undefined>;

/** The ports from the environment; a bad one is named with what it must be. */
export function portsFrom(env: Env): Ports {
  const port = (variable: string, fallback: number) => {
    const value = env[variable];
    if (value === undefined || value === '') return fallback;
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535)
      throw new Error(`${variable}: must be a port number from 1 to 65535, not "${value}"`);
    return Number(value);
  };
  const ports: Ports = {
    https: port('FRONT_DOOR_PORT', DEFAULT_PORTS.https),
    http: port('FRONT_DOOR_HTTP_PORT', DEFAULT_PORTS.http),
    bff: port('PORT', DEFAULT_PORTS.bff),
    forwardAuth: port('FORWARD_AUTH_PORT', DEFAULT_PORTS.forwardAuth),
    backend: port('APP_BACKEND_PORT', DEFAULT_PORTS.backend),
  };
  const seen = new Set(Object.values(ports));
  if (seen.size !== 5)
    throw new Error(
      'FRONT_DOOR_PORT, FRONT_DOOR_HTTP_PORT, PORT, FORWARD_AUTH_PORT and APP_BACKEND_PORT must all differ',
    );
  return ports;
}

/** `text` with each `from` replaced by its `to` everywhere; each must occur at least once. */
function withEdits(file: string, edits: Array<[from: string, to: string]>): string {
  let text = readFileSync(path.join(EXAMPLE, file), 'utf8');
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`examples/front-door/${file} no longer names ${from}`);
    text = text.split(from).join(to);
  }
  return text;
}

const local = (port: number) => `127.0.0.1:${port}`;

/** nginx.conf and upstreams.conf for these ports. */
export function nginxFiles(p: Ports): Record<string, string> {
  const d = DEFAULT_PORTS;
  return {
    'nginx.conf': withEdits('nginx.conf', [
      [`listen ${d.https} ssl;`, `listen ${p.https} ssl;`],
      [`listen ${d.http};`, `listen ${p.http};`],
      [`https://$host:${d.https}$request_uri`, `https://$host:${p.https}$request_uri`],
    ]),
    'upstreams.conf': withEdits('upstreams.conf', [
      [local(d.bff), local(p.bff)],
      [local(d.forwardAuth), local(p.forwardAuth)],
      [local(d.backend), local(p.backend)],
    ]),
  };
}

/** The Caddyfile for these ports. */
export function caddyFiles(p: Ports): Record<string, string> {
  const d = DEFAULT_PORTS;
  return {
    Caddyfile: withEdits('Caddyfile', [
      [`http_port ${d.http}`, `http_port ${p.http}`],
      [`https_port ${d.https}`, `https_port ${p.https}`],
      [`http://:${d.http} {`, `http://:${p.http} {`],
      [`https://{host}:${d.https}{uri}`, `https://{host}:${p.https}{uri}`],
      [`https://localhost:${d.https} {`, `https://localhost:${p.https} {`],
      [local(d.bff), local(p.bff)],
      [local(d.forwardAuth), local(p.forwardAuth)],
      [local(d.backend), local(p.backend)],
    ]),
  };
}

/** examples/front-door/policy.yaml with the backend's port. */
export function policyFile(p: Ports): string {
  return withEdits('policy.yaml', [
    [`http://${local(DEFAULT_PORTS.backend)}/`, `http://${local(p.backend)}/`],
  ]);
}
