import request from 'supertest';
import { createSimulator, GATEWAY_SEEDED, SEEDED, type Simulator } from '../../src/simulator';
import { CLIENT_ID, dataOf, investorGet, loginAs } from './helpers';

const PROFILE_KEYS = [
  'investorId',
  'email',
  'fullName',
  'verificationStatus',
  'tfaEnabled',
  'language',
  'createDate',
];
const DOCUMENT_KEYS = [
  'documentId',
  'docType',
  'docCategory',
  'side',
  'fileName',
  'thumbnail',
  'fileType',
  'verificationStatus',
  'createDate',
];
const ALL_SEEDED = { ...SEEDED, ...GATEWAY_SEEDED };
const EXPECTED_STATUS: Record<keyof typeof ALL_SEEDED, string> = {
  newInvestor: 'none',
  verified: 'verified',
  entity: 'verified',
  processing: 'processing',
  updatesRequired: 'updates-required',
  manualReview: 'manual-review',
  rejected: 'rejected',
  expired: 'expired',
  unknownStatus: 'pending-aml',
  passed: 'passed',
  pending: 'pending',
};

type Doc = Record<string, unknown> & { documentId: string };
type Signer = Record<string, unknown> & { signerId: string; signerType: string; documents: Doc[] };

describe.each(['wrapped', 'bare'] as const)('investor endpoints, %s envelope', (mode) => {
  let sim: Simulator;
  beforeAll(() => {
    sim = createSimulator({ envelope: mode });
  });

  describe.each(Object.entries(ALL_SEEDED) as Array<[keyof typeof ALL_SEEDED, string]>)(
    '%s',
    (name, investorId) => {
      let token = '';
      beforeAll(async () => {
        token = (await loginAs(sim, investorId)).accessToken;
      });

      it('GET /investor gives the documented profile', async () => {
        const res = await investorGet(sim, '', token);
        const profile = dataOf(res.body, mode) as Record<string, unknown> & {
          details: Record<string, unknown>;
        };

        expect(res.status).toBe(200);
        expect(Object.keys(profile)).toEqual(expect.arrayContaining([...PROFILE_KEYS, 'details']));
        expect(profile.investorId).toBe(investorId);
        expect(profile.verificationStatus).toBe(EXPECTED_STATUS[name]);
        if (name === 'newInvestor') {
          expect(Object.keys(profile.details).sort()).toEqual(['firstName', 'lastName']);
        } else {
          expect(profile.details).toMatchObject({
            address: { countryCode: expect.stringMatching(/^[A-Z]{2}$/) },
          });
          expect(profile.domainInvestorDetails).toMatchObject({ isUsaTaxResident: expect.any(Boolean) });
        }
      });

      it('GET /investor/verification gives the latest record, or the documented 404', async () => {
        const res = await investorGet(sim, '/verification', token);
        if (name === 'newInvestor') {
          expect(res.status).toBe(404);
          expect(res.body).toEqual({ status: 0, data: {}, error: {}, success: true });
          return;
        }
        expect(res.status).toBe(200);
        const record = dataOf(res.body, mode) as Record<string, unknown>;
        expect(record).toMatchObject({
          investorId,
          status: EXPECTED_STATUS[name],
          isManual: expect.any(Boolean),
        });
        expect(record.errors).toEqual(expect.any(Array));
        expect(Date.parse(record.updateDate as string)).toBeGreaterThanOrEqual(
          Date.parse(record.createDate as string),
        );
      });

      it('GET /investor/documents lists documents with the documented fields, each viewable', async () => {
        const res = await investorGet(sim, '/documents', token);
        const docs = dataOf(res.body, mode) as Doc[];

        expect(res.status).toBe(200);
        expect(docs.length).toBe({ newInvestor: 0, verified: 2 }[name as string] ?? 1);
        for (const doc of docs) {
          expect(Object.keys(doc)).toEqual(DOCUMENT_KEYS);
          const view = await investorGet(sim, `/documents/${doc.documentId}/view`, token);
          expect(view.status).toBe(200);
          expect(dataOf(view.body, mode)).toEqual({
            url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/files\//),
          });
        }
      });

      it('GET /investor/signers lists legal signers (only the entity has any), each document viewable', async () => {
        const res = await investorGet(sim, '/signers', token);
        const signers = dataOf(res.body, mode) as Signer[];

        expect(res.status).toBe(200);
        expect(signers.map((s) => s.signerType)).toEqual(name === 'entity' ? ['individual', 'entity'] : []);
        for (const signer of signers) {
          expect(signer.documents).toHaveLength(1);
          const doc = signer.documents[0] as Doc;
          const view = await investorGet(
            sim,
            `/signers/${signer.signerId}/documents/${doc.documentId}/view`,
            token,
          );
          expect(dataOf(view.body, mode)).toEqual({ url: expect.stringContaining('/files/') });
        }
      });

      it('GET /investor/domain/wallets lists wallets with a whitelisting status', async () => {
        const res = await investorGet(sim, '/domain/wallets', token);
        const wallets = dataOf(res.body, mode) as Array<{ status: string; tokenId: string; address: string }>;

        expect(res.status).toBe(200);
        if (name === 'verified') expect(wallets.length).toBeGreaterThanOrEqual(1);
        for (const wallet of wallets) expect(['ready', 'pending', 'failed']).toContain(wallet.status);
      });
    },
  );
});

describe('seeded investors', () => {
  it('each have a distinct country (sent on login, matching the address), email and full name', async () => {
    const sim = createSimulator({ envelope: 'bare' });
    const seen = { country: new Set<string>(), email: new Set<string>(), fullName: new Set<string>() };
    for (const investorId of Object.values(ALL_SEEDED)) {
      const form = {
        issuerId: CLIENT_ID,
        redirecturl: 'http://localhost:3000/cb',
        action: 'approve',
        investorId,
      };
      const approved = await request(sim.app).post('/login/approve').type('form').send(form);
      const country = new URL(approved.headers.location ?? '').searchParams.get('country') ?? '';
      const profile = (await investorGet(sim, '', (await loginAs(sim, investorId)).accessToken)).body;
      if (investorId !== SEEDED.newInvestor) expect(profile.details.address.countryCode).toBe(country);
      seen.country.add(country);
      seen.email.add(profile.email);
      seen.fullName.add(profile.fullName);
    }

    expect([seen.country.size, seen.email.size, seen.fullName.size]).toEqual([11, 11, 11]);
  });
});
