import request from 'supertest';
import { createSimulator, SEEDED, type Simulator } from '../../src/simulator';
import { checkDigit } from '../../src/simulator/documents/mrz';
import { ACCOUNT, postStep, signupBase, US_INDIVIDUAL } from './signup-helpers';
import { exchange, investorGet, loginAs } from './helpers';
import { wellFormedRoot } from './xml-check';

const PASSPORT = '65f0a1b2c3d4e5f6a7b8c911';
const UTILITY_BILL_PDF = '65f0a1b2c3d4e5f6a7b8c912';
const SIGNER = '5ecece7244ba5b00184cbb87';
const SIGNER_PASSPORT = '65f0b1b2c3d4e5f6a7b8c921';

/** The file behind a document's view URL, fetched the way a browser would. */
async function viewFile(sim: Simulator, accessToken: string, path: string) {
  const view = await investorGet(sim, path, accessToken);
  expect(view.status).toBe(200);
  const res = await request(sim.app)
    .get(new URL(view.body.data.url).pathname)
    .buffer(true)
    .parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
  return { res, text: (res.body as Buffer).toString('utf8') };
}

/** The MRZ lines of a drawn document, as text. */
const mrzLines = (svg: string) =>
  [...svg.matchAll(/<text[^>]*textLength="(?:900|720)"[^>]*>([^<]*)<\/text>/g)].map(([, line = '']) =>
    line.replace(/&#60;/g, '<'),
  );

describe('document files', () => {
  it("draw a passport as SVG with the investor's name, details and a machine-readable zone", async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const docs = (await investorGet(sim, '/documents', accessToken)).body.data;
    const { res, text } = await viewFile(sim, accessToken, `/documents/${PASSPORT}/view`);

    expect(docs[0]).toMatchObject({
      documentId: PASSPORT,
      fileType: 'image/svg+xml',
      fileName: `${PASSPORT}.svg`,
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toBe("default-src 'none'");
    expect(wellFormedRoot(text)).toBe('svg');
    expect(text).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(text).toContain('Victor Alan Vance');
    for (const value of ['PASSPORT', 'VANCE', 'VICTOR ALAN', '14 JUN 1985', 'SPECIMEN'])
      expect(text).toContain(value);
    const [line1 = '', line2 = ''] = mrzLines(text);
    expect([line1.length, line2.length]).toEqual([44, 44]);
    expect(line1).toMatch(/^P<USAVANCE<<VICTOR<ALAN<+$/);
    // Document number, birth date and expiry each carry their check digit; the last is the composite.
    expect(line2).toMatch(/^[A-Z0-9]{9}\dUSA850614\dM\d{6}\d<{15}\d$/);
    for (const [start, end] of [
      [0, 9],
      [13, 19],
      [21, 27],
    ] as const)
      expect(line2.charAt(end)).toBe(checkDigit(line2.slice(start, end)));
    expect(line2.charAt(43)).toBe(checkDigit(line2.slice(0, 10) + line2.slice(13, 20) + line2.slice(21, 43)));
  });

  it("draw a signer's passport with the signer's name, not the entity's", async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.entity);
    const { text } = await viewFile(sim, accessToken, `/signers/${SIGNER}/documents/${SIGNER_PASSPORT}/view`);

    expect(wellFormedRoot(text)).toBe('svg');
    expect(text).toContain('Mei Ling Tan');
    expect(mrzLines(text)[0]).toMatch(/^P<SGPTAN<<MEI<LING<+$/);
    expect(text).not.toContain('Harbourlight');
  });

  it('escape what the investor typed at sign-up, and draw an identity card with three lines of 30', async () => {
    const sim = createSimulator();
    const base = await signupBase(sim);
    const fullName = `Zoë "Zed" <O'Brien> & Sons`;
    await postStep(sim, `${base}/account`, { ...ACCOUNT, fullName });
    await postStep(sim, `${base}/identity`, US_INDIVIDUAL);
    await postStep(sim, `${base}/documents`, { docType: 'id-card' });
    const approved = await postStep(sim, `${base}/consent`, { action: 'approve' });
    const code = new URL(String(approved.headers.location)).searchParams.get('code') ?? '';
    const { accessToken } = (await exchange(sim, code)).body;
    const [doc] = (await investorGet(sim, '/documents', accessToken)).body.data;
    const { res, text } = await viewFile(sim, accessToken, `/documents/${doc.documentId}/view`);

    expect(res.headers['content-type']).toBe('image/svg+xml');
    expect(wellFormedRoot(text)).toBe('svg');
    expect(text).toContain('Zoë &#34;Zed&#34; &#60;O&#39;Brien&#62; &#38; Sons');
    expect(text).not.toContain('<O');
    expect(text).toContain('IDENTITY CARD');
    const lines = mrzLines(text);
    expect(lines.map((l) => l.length)).toEqual([30, 30, 30]);
    // Sign-up takes the first word for the first name and the rest for the last name.
    expect(lines[2]).toMatch(/^ZED<OBRIEN<SONS<<ZOE<+$/);
  });

  it('make a PDF document a one-page PDF that names its holder and type', async () => {
    const sim = createSimulator();
    const { accessToken } = await loginAs(sim, SEEDED.verified);
    const { res } = await viewFile(sim, accessToken, `/documents/${UTILITY_BILL_PDF}/view`);
    const pdf = (res.body as Buffer).toString('latin1');

    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pdf.startsWith('%PDF-1.4\n')).toBe(true);
    expect(pdf.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(pdf).toContain('(Victor Alan Vance) Tj');
    expect(pdf).toContain('(Utility bill) Tj');
    // Every xref offset points at its object.
    const offsets = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map(([, o]) => Number(o));
    offsets.forEach((offset, i) => expect(pdf.slice(offset).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it('use ICAO check digits (the specimen passport of ICAO 9303)', () => {
    expect(checkDigit('L898902C3')).toBe('6');
    expect(checkDigit('740812')).toBe('2');
    expect(checkDigit('120415')).toBe('9');
    expect(checkDigit('L898902C36' + '7408122' + '1204159' + 'ZE184226B<<<<<1')).toBe('0');
  });
});
