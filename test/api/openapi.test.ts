import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { SEEDED } from '../../src/simulator';
import { Harness, startHarness } from '../helpers/harness';
import { adminCall, adminEnv } from '../admin/admin-helpers';

/** Every response this file provokes must be documented in openapi.yaml and match its schema. */
type Doc = { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
const doc = parse(readFileSync(path.join(__dirname, '..', '..', 'openapi.yaml'), 'utf8')) as Doc;
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema(doc, 'openapi.json');

const escape = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');
const templates = Object.keys(doc.paths).map((t) => ({
  template: t,
  regex: new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function check(
  method: string,
  urlPath: string,
  status: number,
  body: unknown,
  contentType: string | undefined,
) {
  const p = urlPath.split('?')[0]!;
  const match = templates.find((t) => t.regex.test(p));
  expect({ path: p, documented: !!match }).toEqual({ path: p, documented: true });
  const op = doc.paths[match!.template]![method.toLowerCase()];
  expect({ path: p, method, documented: !!op }).toEqual({ path: p, method, documented: true });
  const response = op!.responses[String(status)];
  expect({ path: p, status, documented: !!response }).toEqual({ path: p, status, documented: true });
  if (!contentType?.startsWith('application/json')) return;
  const ref = (response as { $ref?: string }).$ref;
  const pointer = ref
    ? `openapi.json${ref}/content/application~1json/schema`
    : `openapi.json#/paths/${escape(match!.template)}/${method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.compile({ $ref: pointer });
  const ok = validate(body);
  expect({ path: p, status, errors: ok ? null : validate.errors }).toEqual({ path: p, status, errors: null });
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

it('real responses match openapi.yaml', async () => {
  const a = (await h.login(SEEDED.verified)).cookie!;
  const entity = (await h.login(SEEDED.entity)).cookie!;
  const fresh = (await h.login(SEEDED.newInvestor)).cookie!;
  const api = (cookie: string, p: string) => h.get(p, { Cookie: cookie, 'X-CSRF': '1' });
  await api(a, '/api/me');
  await h.get('/api/me', { 'X-CSRF': '1' });
  await h.get('/api/me');
  for (const c of [a, entity, fresh]) {
    await api(c, '/api/investor');
    await api(c, '/api/verification');
    await api(c, '/api/documents');
    await api(c, '/api/signers');
    await api(c, '/api/wallets');
  }
  h.sim.control.setEnvelope('bare');
  await api(a, '/api/investor');
  h.sim.control.setEnvelope('wrapped');
  const doc0 = (await api(a, '/api/documents')).body.documents[0].documentId;
  await api(a, `/api/documents/${doc0}/view`);
  await api(a, '/api/documents/nope/view');
  await api(a, '/api/documents/a.b/view');
  const signer = (await api(entity, '/api/signers')).body.signers[0];
  await api(entity, `/api/signers/${signer.signerId}/documents/${signer.documents[0].documentId}/view`);
  await h.sendJson('/api/wallets', a, { address: '0xabc123', tokenId: 'token-9', name: 'Spare' });
  await h.sendJson('/api/wallets', a, { address: '0xabc123', tokenId: 'token-9', name: 'Spare' });
  await h.sendJson('/api/wallets', a, { address: 'x' });
  await h.sendRaw('post', '/api/wallets', { Cookie: a, 'X-CSRF': '1', 'Content-Type': 'text/plain' }, 'x');
  h.sim.control.injectFault({ match: { path: /\/investor$/ }, kind: 'status', status: 500 });
  await api(a, '/api/investor');
  await api(a, '/api/sessions');
  await h.post('/api/sessions/revoke-others', { Cookie: a, 'X-CSRF': '1' });
  await h.get('/healthz');
  await h.get('/readyz');
  await h.get('/.well-known/jwks.json');
  await h.get('/login?returnTo=/x');
  await h.get('/callback?state=bad');
  await h.post('/logout', { Cookie: a, 'X-CSRF': '1' });
  await h.post('/logout', { Cookie: entity });

  const seen = h.responses.filter((r) => !r.path.startsWith('/callback?state=') || r.status === 303);
  expect(seen.length).toBeGreaterThan(40);
  for (const r of seen) {
    const type = r.headers['content-type'] as string | undefined;
    check(
      r.method,
      r.path,
      r.status,
      type?.startsWith('application/json') ? JSON.parse(r.text) : undefined,
      type,
    );
  }
});

it('the admin API’s real responses match openapi.yaml', async () => {
  const admin = await startHarness({ env: adminEnv() });
  try {
    const cookie = (await admin.login(SEEDED.verified)).cookie!;
    const handle = (await admin.get('/api/sessions', { Cookie: cookie, 'X-CSRF': '1' })).body.sessions[0].id;
    const base = `/admin/investors/${SEEDED.verified}`;
    const calls: Array<['get' | 'delete' | 'post', string, string?]> = [
      ['get', `${base}/sessions`],
      ['get', `${base}/sessions?x=1`],
      ['get', '/admin/audit?limit=2'],
      ['get', `/admin/audit?type=login_succeeded&investorId=${SEEDED.verified}`],
      ['get', '/admin/audit?limit=0'],
      ['get', '/admin/audit', 'wrong-token'],
      ['post', `${base}/facts/refresh`],
      ['delete', `${base}/sessions/${handle}?reason=test`],
      ['delete', `${base}/sessions/${handle}`],
      ['delete', `${base}/sessions/short`],
      ['delete', `${base}/sessions`],
      ['get', '/admin/investors/a.b/sessions'],
    ];
    for (const [method, p, token] of calls) {
      const res = await adminCall(admin.adminUrl, method, p, token);
      check(method, p, res.status, res.body, res.headers['content-type']);
    }
    expect(new Set(calls.map(([m, p]) => `${m} ${p.split('?')[0]}`)).size).toBeGreaterThan(5);
  } finally {
    await admin.close();
  }
});
