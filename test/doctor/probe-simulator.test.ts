import { createSimulator, SEEDED } from '../../src/simulator';
import { fragmentParams, freePort, probeEnv, startProbe } from './probe-helpers';

const CLIENT = { clientId: '6a1d0c3e-2b4f-4e7a-8c95-0d1e2f3a4b5c', secret: `sim-secret-${Date.now()}` };

describe.each(['direct', 'gateway'] as const)(
  'npm run doctor -- --login against the simulator (%s)',
  (style) => {
    it('logs in once, reads, refreshes, and reports shapes only', async () => {
      const port = await freePort();
      const sim = createSimulator({
        clients: [{ ...CLIENT, redirectUrls: [`http://127.0.0.1:${port}/*`] }],
        acceptBearer: true,
      });
      const running = await sim.listen(0, '127.0.0.1');
      try {
        const probe = await startProbe(probeEnv(port, running.url, CLIENT.clientId, CLIENT.secret, style));
        const p = fragmentParams(probe.loginUrl);
        expect(p.get('redirecturl')).toMatch(
          new RegExp(`^http://127\\.0\\.0\\.1:${port}/callback/[A-Za-z0-9_-]{43}$`),
        );
        // The browser: the simulator's approve form, then the redirect back to the probe.
        const approve = await fetch(`${running.url}/login/approve`, {
          method: 'POST',
          redirect: 'manual',
          body: new URLSearchParams({
            issuerId: p.get('issuerId')!,
            scope: p.get('scope')!,
            redirecturl: p.get('redirecturl')!,
            action: 'approve',
            investorId: SEEDED.entity,
          }),
        });
        expect(approve.status).toBe(303);
        const back = await fetch(approve.headers.get('location')!);
        expect(back.status).toBe(200);
        const r = await probe.done;
        expect(r.code).toBe(0);
        expect(r.output).toMatch(/Report \(shapes only; tokens forgotten\):/);

        const { findings, answers } = JSON.parse(r.json);
        expect(findings.callback).toMatchObject({ separators: ['?', '&'], params: ['code', 'country'] });
        expect(findings.callback.template).toBe('?code=<36>&country=<2>');
        expect(findings.exchange.status).toBe(200);
        expect(findings.exchange.accessToken).toMatchObject({
          format: 'JWT',
          jwt: { alg: 'HS256', lifetimeSeconds: 7 * 86400 },
        });
        expect(findings.exchange.expiration.form).toMatch(/^ISO-8601/);
        expect(findings.refresh).toMatchObject({
          status: 200,
          newAccessToken: true,
          newRefreshToken: true,
          sameInvestor: true,
        });
        expect(findings.reads.investor.status).toBe(200);
        expect(findings.reads.signers.status).toBe(200);
        expect(findings.enumerations.verificationStatus).toEqual(expect.any(Array));
        expect(findings.codeReuse.status).toBe(401);
        expect(answers).toHaveLength(13);
        expect(r.md).toContain('## Answers to the open questions');

        // Never a value: no code, token or secret the simulator saw, and no e-mail address.
        const seen = sim.control.calls().flatMap((c) => {
          const body = (c.body ?? {}) as Record<string, unknown>;
          return [c.headers['access-token'], body.code, body.refreshToken].filter(
            (v): v is string => typeof v === 'string',
          );
        });
        expect(seen.length).toBeGreaterThan(5);
        for (const v of [...seen, CLIENT.secret]) {
          expect(r.md).not.toContain(v);
          expect(r.json).not.toContain(v);
          expect(r.output).not.toContain(v);
        }
        expect(r.md + r.json).not.toMatch(/[\w.+-]+@[\w-]+\.[\w.]+/);
        // Only reads: no wallet was added.
        expect(
          sim.control.calls().filter((c) => c.method !== 'GET' && !/oauth2|\/auth\//.test(c.path)),
        ).toEqual([]);
      } finally {
        await running.close();
      }
    });
  },
);
