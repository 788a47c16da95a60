import { performance } from 'node:perf_hooks';
import { GATEWAY_SEEDED } from '../../src/simulator/fixtures/ids';
import type { Ctx } from '../lib/context';
import { login } from '../lib/login';
import { fmt, progress } from '../lib/progress';
import { median } from '../lib/stats';
import type { WebhookReachRepetition, WebhookReachResult } from '../lib/types';
import { decision, LIMIT_MS, poller, wait } from '../lib/decision-poller';
import { startVouchingProduct, VouchingProduct } from '../lib/vouch';
import { kycStatusOf, setKycStatus, subscribe, webhookEnv } from '../lib/webhooks';

const INSTANCES = 3;
/** Between two changes: instance 1 rechecks an investor at most once a second after a webhook. */
const GAP_MS = 1200;
/** The two statuses the investor moves between, and the decision the rule `verified: true` then gives. */
const CHANGES: Array<[string, 'allowed' | 'denied']> = [
  ['manual-review', 'denied'],
  ['verified', 'allowed'],
];

/**
 * Scenario 15: a webhook's reach. Three vouching instances on one Redis and one investor's session
 * (the same cookie works on each); the simulator changes the investor's KYC status and delivers the
 * signed KYC update to instance 1; the bench asks forward-auth on instances 2 and 3 in a tight loop
 * and times the first changed decision on each. Untimed first: one change each way (the Domain API
 * mapping is then cached), then N timed changes alternating manual-review and verified.
 */
export async function scenarioWebhookReach(ctx: Ctx): Promise<WebhookReachResult> {
  const { stack, opts, problems } = ctx;
  const sim = stack.sim.url;
  // An investor no other scenario logs in, so the one session here is all it has (a drop lists and
  // clears every session of the investor); made verified for the run, given back its status after.
  const investor = GATEWAY_SEEDED.passed;
  const original = (await kycStatusOf(sim, investor)) ?? 'verified';
  const { token, env } = await webhookEnv(sim);
  const starts = await Promise.allSettled(
    Array.from({ length: INSTANCES }, (_, i) =>
      startVouchingProduct(stack, `product-webhook-${i + 1}`, { env }),
    ),
  );
  let unsubscribe: (() => Promise<void>) | undefined;
  try {
    for (const s of starts) if (s.status === 'rejected') throw s.reason;
    const ps = starts.map((s) => (s as PromiseFulfilledResult<VouchingProduct>).value);
    const names = ps.map((_, i) => `instance ${i + 1}`);
    const polled = names.slice(1);
    // Verified before anyone subscribes (no delivery), then one session through instance 1.
    await setKycStatus(sim, investor, 'verified');
    unsubscribe = await subscribe(sim, `${ps[0]!.product.url}/webhooks/securitize/${token}`);
    const cookie = await login(ps[0]!.product.url, sim, investor);
    for (const [i, p] of ps.entries()) {
      const d = await decision(p, cookie);
      if (d !== 'allowed')
        throw new Error(`${names[i]} answered ${d} for the verified investor before the changes`);
    }
    const allGaps: Record<string, number[]> = Object.fromEntries(polled.map((n) => [n, []]));

    const change = async (repetition: number, [status, expected]: (typeof CHANGES)[number]) => {
      /** Set just before the control call; the pollers time from it. */
      const sent: { t0?: number } = {};
      const pollers = ps.slice(1).map((p) => poller(p, cookie, expected, () => sent.t0));
      let answeredMs: number;
      let deliveries: string[];
      let reached: Array<number | null>;
      try {
        const before = await Promise.all(pollers.map((k) => k.ready));
        for (const [i, d] of before.entries())
          if (d === expected)
            problems.push(`S15 change ${repetition}: ${polled[i]} gave ${d} before the webhook`);
        const t0 = performance.now();
        sent.t0 = t0;
        deliveries = await setKycStatus(sim, investor, status);
        answeredMs = performance.now() - t0;
        reached = await Promise.all(pollers.map((k) => k.done));
      } finally {
        for (const k of pollers) k.stop();
      }
      for (const [i, k] of pollers.entries()) allGaps[polled[i]!]!.push(...k.gaps);
      const rep: WebhookReachRepetition = {
        repetition,
        status,
        expected,
        answeredMs,
        deliveryStatus: deliveries.join('; ') || 'none',
        reachMs: Object.fromEntries(polled.map((n, i) => [n, reached[i]!])),
        polls: Object.fromEntries(polled.map((n, i) => [n, pollers[i]!.polls()])),
        slowestGapMs: Object.fromEntries(polled.map((n, i) => [n, Math.max(0, ...pollers[i]!.gaps)])),
      };
      if (deliveries.length !== 1 || deliveries[0] !== 'delivered 200')
        problems.push(`S15 change ${repetition}: the delivery to instance 1 was ${rep.deliveryStatus}`);
      for (const n of polled)
        if (rep.reachMs[n] === null)
          problems.push(`S15 change ${repetition}: ${n} did not change within ${LIMIT_MS} ms`);
      progress(
        `S15 ${repetition || 'warm-up'} → ${status}: delivery answered in ${fmt.ms(answeredMs)}; ` +
          polled
            .map((n) => `${n} ${rep.reachMs[n] === null ? 'not seen' : fmt.ms(rep.reachMs[n]!)}`)
            .join(', '),
      );
      await wait(GAP_MS);
      return rep;
    };

    const warmUp = [await change(0, CHANGES[0]!), await change(0, CHANGES[1]!)];
    for (const g of Object.values(allGaps)) g.length = 0;
    const repetitions: WebhookReachRepetition[] = [];
    for (let i = 0; i < opts.sizes.webhookRepetitions; i++)
      repetitions.push(await change(i + 1, CHANGES[i % CHANGES.length]!));

    const byInstance = Object.fromEntries(
      polled.map((n) => {
        const seen = repetitions.map((k) => k.reachMs[n]).filter((v): v is number => typeof v === 'number');
        return [
          n,
          {
            medianMs: median(seen),
            maxMs: seen.length ? Math.max(...seen) : NaN,
            missed: repetitions.length - seen.length,
            pollGapMs: median(allGaps[n]!),
          },
        ];
      }),
    );
    const answered = repetitions.map((k) => k.answeredMs);
    progress(
      `S15 over ${repetitions.length} changes: ` +
        polled
          .map((n) => `${n} median ${fmt.ms(byInstance[n]!.medianMs)}, max ${fmt.ms(byInstance[n]!.maxMs)}`)
          .join('; '),
    );
    return {
      investor,
      instances: INSTANCES,
      polled,
      warmUp,
      repetitions,
      byInstance,
      answered: { medianMs: median(answered), maxMs: Math.max(...answered) },
      limitMs: LIMIT_MS,
      notes: [
        'Three product instances (dist/, production settings) started for this scenario like S9’s (FORWARD_AUTH_PORT, ' +
          'S9’s POLICY_FILE, a signing key) with the webhook settings: a path token made for the run, the ' +
          'simulator’s public key and header (signatures enforced), the simulator as the Domain API. Only instance 1 ' +
          'is subscribed, so the others learn of a change only through Redis (facts dropped beside the session, ' +
          'and the instances’ pub/sub channel).',
        `The investor (${investor}) is one no other scenario logs in, set to verified for the run, so its one ` +
          'session is all a drop has to list and clear (a drop clears the facts beside every session of the investor).',
        'The simulator’s control call changes the status, sends the signed delivery and answers once instance 1 ' +
          'answered it: t0 is taken just before that call, so the simulator’s own handling and the delivery’s ' +
          'signing are inside the reach. Instance 1 drops the facts everywhere before it answers; the polled ' +
          'instances then fetch the facts from the simulator with the investor’s token on their next decision.',
        `Both pollers run in the bench process on the same two cores as the four servers and Redis; an answer ` +
          `every ${fmt.ms(median(Object.values(allGaps).flat()))} (median) on each bounds the resolution. ` +
          `${GAP_MS / 1000} s between changes (instance 1 rechecks an investor at most once a second after a webhook).`,
      ],
    };
  } finally {
    await unsubscribe?.().catch(() => undefined);
    await setKycStatus(sim, investor, original).catch(() => undefined);
    await Promise.allSettled(starts.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
  }
}
