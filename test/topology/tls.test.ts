import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { cmd1, freePort, RedisNode, startNode } from './redis-node';

/** Keys in the Redis, asked over its plain admin port: a refused client must have written nothing. */
const keyCount = async () => Number(await cmd1(redis.port, 'DBSIZE'));

/**
 * REDIS_TLS_CA_FILE, REDIS_USERNAME and REDIS_PASSWORD against a real redis-server with TLS and an
 * ACL user: a CA and a server certificate made with openssl for this run.
 */
const PASSWORD = 'acl-password-for-the-bff-7f3a';
let dir: string;
let redis: RedisNode;
let tlsPort: number;
const harnesses: Harness[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'bff-redis-tls-'));
  const f = (name: string) => path.join(dir, name);
  const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  ssl(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=bff-test-ca',
    '-keyout',
    f('ca.key'),
    '-out',
    f('ca.pem'),
  );
  ssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-subj',
    '/CN=127.0.0.1',
    '-keyout',
    f('server.key'),
    '-out',
    f('server.csr'),
  );
  writeFileSync(f('san.ext'), 'subjectAltName=IP:127.0.0.1\n');
  ssl(
    'x509',
    '-req',
    '-in',
    f('server.csr'),
    '-CA',
    f('ca.pem'),
    '-CAkey',
    f('ca.key'),
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    f('san.ext'),
    '-out',
    f('server.pem'),
  );
  tlsPort = await freePort(false);
  redis = await startNode(path.join(dir, 'node'), () => [
    'appendonly no',
    'save ""',
    `tls-port ${tlsPort}`,
    `tls-cert-file ${f('server.pem')}`,
    `tls-key-file ${f('server.key')}`,
    `tls-ca-cert-file ${f('ca.pem')}`,
    'tls-auth-clients no',
    `user bff on >${PASSWORD} ~* &* +@all`,
  ]);
}, 60_000);
afterAll(async () => {
  for (const h of harnesses) await h.close();
  await redis?.signal('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const start = async (env: Record<string, string>) => {
  const h = await startHarness({ redisEnv: { REDIS_URL: `rediss://127.0.0.1:${tlsPort}`, ...env } });
  harnesses.push(h);
  return h;
};

test('over TLS with the CA file and an ACL user: login, API, logout', async () => {
  const h = await start({
    REDIS_TLS_CA_FILE: path.join(dir, 'ca.pem'),
    REDIS_USERNAME: 'bff',
    REDIS_PASSWORD: PASSWORD,
  });
  // Ready once the TLS connection is up (the harness does not wait for it).
  const deadline = Date.now() + 5000;
  while ((await h.get('/readyz')).status !== 200 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 50));
  expect((await h.get('/readyz')).status).toBe(200);
  const { cookie } = await h.login(SEEDED.verified);
  const me = await h.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' });
  expect(me.body.investorId).toBe(SEEDED.verified);
  expect((await h.post('/logout', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(204);
  expect((await h.get('/api/me', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(401);
});

test('a server certificate from an unknown CA is refused: 503, not a session', async () => {
  const h = await start({ REDIS_USERNAME: 'bff', REDIS_PASSWORD: PASSWORD });
  const before = await keyCount();
  expect((await h.get('/readyz')).status).toBe(503);
  const login = await h.get('/login');
  expect(login.status).toBe(303);
  expect(login.headers.location).toBe('http://app.test/?error=session_store_unavailable');
  expect(login.headers['set-cookie']).toBeUndefined();
  expect(await keyCount()).toBe(before);
});

test('a wrong password is refused: 503, and the password is in no log line', async () => {
  const h = await start({
    REDIS_TLS_CA_FILE: path.join(dir, 'ca.pem'),
    REDIS_USERNAME: 'bff',
    REDIS_PASSWORD: 'wrong-password-1234',
  });
  const before = await keyCount();
  expect((await h.get('/readyz')).status).toBe(503);
  expect((await h.get('/login')).headers.location).toBe('http://app.test/?error=session_store_unavailable');
  expect(await keyCount()).toBe(before);
  expect(h.logs.join('\n')).not.toContain('wrong-password-1234');
});
