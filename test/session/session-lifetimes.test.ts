import { SEEDED } from '../../src/simulator';
import { createTokenCodec } from '../../src/store/seal';
import { parseEncryptionKeys } from '../../src/config';
import { bindingOf } from '../../src/store/session-record';
import { ENCRYPTION_KEYS, Harness, SECRET, sidOf, startHarness, storedSession } from '../helpers/harness';
import { RedisChild, startRedisServer } from '../helpers/redis-server';

let offset = 0;
const now = () => Date.now() + offset;
let redis: RedisChild;
let h: Harness;
beforeAll(async () => {
  redis = await startRedisServer();
  h = await startHarness({
    redis,
    now,
    env: { SESSION_IDLE_TIMEOUT: '2', SESSION_ABSOLUTE_TIMEOUT: '3600' },
  });
});
afterAll(async () => {
  await h.close();
  await redis.close();
});
beforeEach(() => {
  offset = 0;
});

const me = (cookie: string) => h.get('/api/me', { Cookie: cookie, 'X-CSRF': '1' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('idle timeout, enforced by Redis (C7)', () => {
  it('a session idle for longer than SESSION_IDLE_TIMEOUT is gone (401, key deleted); activity keeps it (C7)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const key = `sess:${sidOf(cookie!)}`;
    expect(await redis.admin.pttl(key)).toBeLessThanOrEqual(2000);
    for (let i = 0; i < 3; i++) {
      await sleep(1200);
      // An API call extends the idle window (GETEX), so the session outlives 2 s of wall time.
      expect((await h.get('/api/documents', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
    }
    await sleep(2300);
    expect((await me(cookie!)).status).toBe(401);
    expect(await redis.admin.exists(key)).toBe(0);
  });

  it('GET /api/me reports the seconds left and polling it does not extend the session (C7)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const first = await me(cookie!);
    expect(first.body.sessionSecondsLeft).toBeLessThanOrEqual(2);
    await sleep(1100);
    const second = await me(cookie!);
    expect(second.body.idleSecondsLeft).toBeLessThan(first.body.idleSecondsLeft + 1);
    expect(second.body.idleSecondsLeft).toBeLessThanOrEqual(1);
    await sleep(1100);
    expect((await me(cookie!)).status).toBe(401);
  });
});

describe('absolute timeout (C8)', () => {
  it('an active session still ends at SESSION_ABSOLUTE_TIMEOUT, and its key is deleted (C8)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    offset = 3599_000;
    const res = await me(cookie!);
    expect(res.status).toBe(200);
    expect(res.body.absoluteSecondsLeft).toBeLessThanOrEqual(1);
    offset = 3601_000;
    expect((await h.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(401);
    expect(await redis.admin.exists(`sess:${sidOf(cookie!)}`)).toBe(0);
  });
});

describe('every session of an investor (C12)', () => {
  it('lists this investor’s sessions, revokes the others, and logout?scope=all ends them all (C12)', async () => {
    const a = (await h.login(SEEDED.entity, { headers: { 'User-Agent': 'Browser A' } })).cookie!;
    const b = (await h.login(SEEDED.entity, { headers: { 'User-Agent': 'Browser B' } })).cookie!;
    const c = (await h.login(SEEDED.entity, { headers: { 'User-Agent': 'Browser C' } })).cookie!;
    const other = (await h.login(SEEDED.verified)).cookie!;

    const list = await h.get('/api/sessions', { Cookie: a, 'X-CSRF': '1' });
    expect(list.status).toBe(200);
    expect(list.body.sessions).toHaveLength(3);
    expect(list.body.sessions.filter((s: { current: boolean }) => s.current)).toHaveLength(1);
    expect(list.body.sessions.map((s: { userAgent: string }) => s.userAgent).sort()).toEqual([
      'Browser A',
      'Browser B',
      'Browser C',
    ]);
    for (const s of list.body.sessions) {
      expect(Object.keys(s).sort()).toEqual(['createdAt', 'current', 'id', 'lastSeenAt', 'userAgent']);
      expect(JSON.stringify(list.body)).not.toContain(sidOf(a));
    }

    const revoked = await h.post('/api/sessions/revoke-others', { Cookie: a, 'X-CSRF': '1' });
    expect(revoked.body).toEqual({ revoked: 2 });
    expect((await me(b)).status).toBe(401);
    expect((await me(c)).status).toBe(401);
    expect((await me(a)).status).toBe(200);
    expect((await me(other)).status).toBe(200);

    const d = (await h.login(SEEDED.entity)).cookie!;
    expect((await h.post('/logout?scope=all', { Cookie: d, 'X-CSRF': '1' })).status).toBe(204);
    expect((await me(a)).status).toBe(401);
    expect((await me(d)).status).toBe(401);
    expect((await me(other)).status).toBe(200);
    expect(await redis.admin.hlen(`inv:${SEEDED.entity}`)).toBe(0);
  });

  it('the index drops sessions that expired on their own (C12)', async () => {
    await h.login(SEEDED.rejected);
    const live = (await h.login(SEEDED.rejected)).cookie!;
    await sleep(2300); // both idle out…
    const fresh = (await h.login(SEEDED.rejected)).cookie!; // …and a new login prunes them
    expect(await redis.admin.hlen(`inv:${SEEDED.rejected}`)).toBe(1);
    expect((await me(live)).status).toBe(401);
    expect((await h.get('/api/sessions', { Cookie: fresh, 'X-CSRF': '1' })).body.sessions).toHaveLength(1);
  });

  it('a login checks a sample of the index, not all of it, and drops the dead it finds (C12)', async () => {
    const key = `inv:${SEEDED.processing}`;
    const dead = Array.from({ length: 50 }, (_, i) => [
      `dead${String(i).padStart(28, '0')}`,
      '{"createdAt":1}',
    ]);
    await redis.admin.hset(key, Object.fromEntries(dead));
    const monitor = await redis.admin.duplicate().monitor();
    const commands: string[] = [];
    monitor.on('monitor', (_t: string, args: string[]) => commands.push(args.join(' ').toLowerCase()));
    const cookie = (await h.login(SEEDED.processing)).cookie!;
    await monitor.disconnect();
    // 4 distinct entries sampled, at most one of them live: at least 3 of the 50 dead are gone.
    const left = await redis.admin.hlen(key);
    expect(left).toBeLessThanOrEqual(48);
    expect(left).toBeGreaterThanOrEqual(47);
    expect(commands.filter((c) => c.startsWith('hgetall inv:'))).toEqual([]);
    expect(commands.filter((c) => c.startsWith('pttl sess:dead')).length).toBeLessThanOrEqual(4);
    expect((await h.get('/api/sessions', { Cookie: cookie, 'X-CSRF': '1' })).body.sessions).toHaveLength(1);
    expect(await redis.admin.hlen(key)).toBe(1); // reading the list prunes all of it
  });
});

describe('tokens encrypted at rest (C14)', () => {
  it('no key in Redis holds an access token, refresh token, code or the secret in plain text (C14)', async () => {
    const logins = [await h.login(SEEDED.verified), await h.login(SEEDED.entity)];
    const needles = [SECRET, ...logins.map((l) => l.code)];
    for (const l of logins) {
      const s = (await storedSession(redis.admin, l.cookie!))!;
      needles.push(s.accessToken, s.refreshToken);
    }
    const keys = await redis.admin.keys('*');
    expect(keys.length).toBeGreaterThan(3);
    for (const key of keys) {
      const type = await redis.admin.type(key);
      const value =
        type === 'string'
          ? await redis.admin.get(key)
          : type === 'hash'
            ? JSON.stringify(await redis.admin.hgetall(key))
            : '';
      for (const n of needles) {
        expect(key).not.toContain(n);
        expect(value).not.toContain(n);
        // A JWT's payload alone would also be a leak.
        if (n.split('.').length === 3) expect(value).not.toContain(n.split('.')[1]);
      }
    }
  });

  it('sealed tokens open only for their own session id, investor and creation time (the associated data) (C14)', async () => {
    const a = (await h.login(SEEDED.verified)).cookie!;
    const raw = JSON.parse((await redis.admin.get(`sess:${sidOf(a)}`))!);
    const codec = createTokenCodec(parseEncryptionKeys(ENCRYPTION_KEYS).keys);
    expect(codec.open(raw.tok, bindingOf(sidOf(a), raw))).not.toBeNull();
    expect(codec.open(raw.tok, bindingOf('another-session-id-aaaaaaaaaaaaa', raw))).toBeNull();
    expect(codec.open(raw.tok, bindingOf(sidOf(a), { ...raw, investorId: SEEDED.entity }))).toBeNull();
    expect(codec.open(raw.tok, bindingOf(sidOf(a), { ...raw, createdAt: raw.createdAt + 1 }))).toBeNull();
    // Flip the first character of the ciphertext: every bit of it counts, unlike a base64 tail.
    const parts = raw.tok.split('.');
    parts[3] = (parts[3][0] === 'A' ? 'B' : 'A') + parts[3].slice(1);
    expect(codec.open(parts.join('.'), bindingOf(sidOf(a), raw))).toBeNull();
    expect(ENCRYPTION_KEYS.startsWith('k1:')).toBe(true);
  });

  it('keys rotate without logging anyone out; the next refresh re-seals with the new key (C14)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const newKey = `k2:${Buffer.alloc(32, 9).toString('base64')}`;
    const rotated = await startHarness({
      redis,
      now,
      shareSimulatorOf: h,
      env: {
        SESSION_IDLE_TIMEOUT: '2',
        SESSION_ABSOLUTE_TIMEOUT: '3600',
        TOKEN_ENCRYPTION_KEYS: `${newKey},${ENCRYPTION_KEYS}`,
      },
    });
    try {
      const res = await rotated.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' });
      expect(res.status).toBe(200);
      h.sim.control.expireAccessTokens();
      expect((await rotated.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' })).status).toBe(200);
      const raw = JSON.parse((await redis.admin.get(`sess:${sidOf(cookie!)}`))!);
      expect(raw.tok.split('.')[1]).toBe('k2');
    } finally {
      await rotated.close();
    }
  });

  it('a session sealed with a key that is no longer configured ends cleanly (401, not 500) (C14)', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const other = await startHarness({
      redis,
      now,
      shareSimulatorOf: h,
      env: {
        SESSION_ABSOLUTE_TIMEOUT: '3600',
        TOKEN_ENCRYPTION_KEYS: `k9:${Buffer.alloc(32, 3).toString('base64')}`,
      },
    });
    try {
      const res = await other.get('/api/investor', { Cookie: cookie!, 'X-CSRF': '1' });
      expect(res.status).toBe(401);
      // The reader cannot verify the seal, so the session ends before any token is used.
      expect(res.body.error).toBe('login_required');
      expect(await redis.admin.exists(`sess:${sidOf(cookie!)}`)).toBe(0);
    } finally {
      await other.close();
    }
  });
});

describe('session ids (C3)', () => {
  it('300 logins give 300 distinct 32-character base64url ids (192 bits from the CSPRNG) (C3)', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const l = await h.login(SEEDED.processing);
      const sid = sidOf(l.cookie!);
      expect(sid).toMatch(/^[A-Za-z0-9_-]{32}$/);
      ids.add(sid);
    }
    expect(ids.size).toBe(300);
  });
});
