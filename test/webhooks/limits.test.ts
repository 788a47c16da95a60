import { readDelivery } from '../../src/webhooks';
import { createLookupBucket } from '../../src/webhooks/lookup-bucket';
import { domainMapKey } from '../../src/store/keys';
import { createDomainApi, INVESTOR_ID, isExternalId } from '../../src/securitize';
import { startDomainApi } from './helpers';

test('externalIds as numbers: safe integers only; larger ones are malformed, not rounded', () => {
  const of = (externalId: unknown) =>
    readDelivery({ eventType: 'domain-investor-kyc-update', domainId: 'd', externalId });
  expect(of(12345)).toMatchObject({ kind: 'kyc', externalId: '12345' });
  expect(of(2 ** 53 + 2).kind).toBe('malformed');
  expect(of(1.5).kind).toBe('malformed');
  expect(of(true).kind).toBe('malformed');
});

test('the domain map key does not collide for ids holding a slash', () => {
  expect(domainMapKey('a/b', 'c')).not.toBe(domainMapKey('a', 'b/c'));
});

test('ids of the safe set only', () => {
  for (const ok of ['a', 'ext-1', 'A.b_c:d-9', '1'.repeat(128)])
    expect([ok, isExternalId(ok)]).toEqual([ok, true]);
  for (const bad of ['', '.', '..', '...', '.a', 'a/b', 'a b', 'a%2F', 'é', '1'.repeat(129), 'a\n'])
    expect([bad, isExternalId(bad)]).toEqual([bad, false]);
  expect(INVESTOR_ID.test('x'.repeat(128))).toBe(true);
});

test('the Domain API client calls no path for an id outside the set', async () => {
  const api = await startDomainApi('k:s');
  try {
    const client = createDomainApi({ baseUrl: api.url, apiKey: 'k:s' });
    expect(await client.investor('..', 'zz1')).toBeNull();
    expect(await client.investor('dom', '..')).toBeNull();
    expect(await client.investor('dom', '.')).toBeNull();
    expect(api.state.calls).toBe(0);
  } finally {
    await api.close();
  }
});

test('the lookup bucket: a burst, then a rate, with the wait to the next token', () => {
  let t = 0;
  const bucket = createLookupBucket({ perSecond: 20, burst: 50, now: () => t });
  let taken = 0;
  while (bucket.take() === 0) taken += 1;
  expect(taken).toBe(50);
  expect(bucket.take()).toBe(1);
  t += 100; // two tokens back
  expect([bucket.take(), bucket.take(), bucket.take() > 0]).toEqual([0, 0, true]);
  t += 60_000;
  taken = 0;
  while (bucket.take() === 0) taken += 1;
  expect(taken).toBe(50);
});
