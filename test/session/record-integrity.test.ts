import { createCipheriv, randomBytes } from 'node:crypto';
import { SEEDED } from '../../src/simulator';
import { parseEncryptionKeys } from '../../src/config';
import { packTokens } from '../../src/store/token-pack';
import { ENCRYPTION_KEYS, Harness, sidOf, startHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const me = (cookie: string) => h.get('/api/me', { Cookie: cookie, 'X-CSRF': '1' });
const key = (cookie: string) => `sess:${sidOf(cookie)}`;

async function rewrite(cookie: string, change: (record: Record<string, unknown>) => void) {
  const record = JSON.parse((await h.redisChild.admin.get(key(cookie)))!);
  change(record);
  await h.redisChild.admin.set(key(cookie), JSON.stringify(record), 'KEEPTTL');
}

describe('the session record’s decision fields are bound to its sealed tokens', () => {
  it('createdAt pushed into the future (to escape the absolute lifetime): refused, 401, the session ended', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    expect((await me(cookie!)).status).toBe(200);
    await rewrite(cookie!, (r) => void (r.createdAt = (r.createdAt as number) + 30 * 24 * 3600 * 1000));
    const res = await me(cookie!);
    expect(res.status).toBe(401);
    expect(await h.redisChild.admin.exists(key(cookie!))).toBe(0);
    expect(h.logs.join('\n')).toContain('"reason":"unverifiable"');
  });

  it('investorId relabelled: refused everywhere, and "log out everywhere" from it cannot reach the other investor’s sessions', async () => {
    const victim = (await h.login(SEEDED.entity)).cookie!;
    const attacker = (await h.login(SEEDED.verified)).cookie!;
    await rewrite(attacker, (r) => void (r.investorId = SEEDED.entity));
    expect((await me(attacker)).status).toBe(401);
    const relabelled = (await h.login(SEEDED.verified)).cookie!;
    await rewrite(relabelled, (r) => void (r.investorId = SEEDED.entity));
    expect((await h.get('/api/investor', { Cookie: relabelled, 'X-CSRF': '1' })).status).toBe(401);
    expect((await h.post('/logout?scope=all', { Cookie: relabelled, 'X-CSRF': '1' })).status).toBe(204);
    expect((await me(victim)).body.investorId).toBe(SEEDED.entity);
  });

  it('a session sealed before the upgrade (v2: bound to the session id only) ends once; a new login works', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    const sid = sidOf(cookie!);
    const { key: k } = parseEncryptionKeys(ENCRYPTION_KEYS).keys[0]!;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', k, iv);
    cipher.setAAD(Buffer.from(sid));
    const body = Buffer.concat([cipher.update(packTokens(['a.b.c', 'refresh'])), cipher.final()]);
    const tok = ['v2', 'k1', iv, body, cipher.getAuthTag()]
      .map((x) => (typeof x === 'string' ? x : x.toString('base64url')))
      .join('.');
    await rewrite(cookie!, (r) => void (r.tok = tok));
    expect((await me(cookie!)).status).toBe(401);
    expect(await h.redisChild.admin.exists(key(cookie!))).toBe(0);
    const again = await h.login(SEEDED.verified);
    expect((await me(again.cookie!)).status).toBe(200);
  });

  it('display hints (country) are not decision fields: changing them changes nothing else', async () => {
    const { cookie } = await h.login(SEEDED.verified);
    await rewrite(cookie!, (r) => void (r.country = 'DE'));
    expect((await me(cookie!)).body).toMatchObject({ investorId: SEEDED.verified, country: 'DE' });
  });
});
