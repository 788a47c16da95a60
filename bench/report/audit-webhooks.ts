import type { BenchResults, WebhookReachRepetition } from '../lib/types';
import { int, ms, table, x, yes } from './format';
import { roundsTable, sideRow } from './throughput';

const cpu = (m: Record<string, number>, k: string) => int(m[k] ?? NaN);

/** S14: full logins with the audit stream on (AUDIT_MAX_EVENTS=100000) and off (0). */
export function auditSection(r: BenchResults): string {
  const c = r.s14;
  if (!c) return '';
  const row = (label: string, side: typeof c.median.product) =>
    sideRow(label, side, ['server', 'redis', 'simulator']);
  const st = c.stream;
  const types = Object.entries(st.types)
    .map(([k, v]) => `\`${k}\` ${int(v)}`)
    .join(', ');
  return [
    `## ${c.id}: the audit trail’s cost on a login`,
    '',
    `\`GET /callback\`, full logins as in S3 (-c ${c.connections}), on two product instances started for this ` +
      `scenario: one with the audit stream on (\`AUDIT_MAX_EVENTS=${c.maxEvents}\`, the default), one with ` +
      '`AUDIT_MAX_EVENTS=0` (the audit log lines only). Interleaved rounds as above.',
    '',
    table(
      [
        'Audit stream',
        'Logins/s',
        'p50 / p99',
        'BFF CPU µs/login',
        'Redis CPU µs/login',
        'Simulator CPU µs/login',
      ],
      [row('On', c.median.product), row('Off (log lines only)', c.median.baseline)],
    ),
    '',
    `Ratio on/off (median): **${x(c.median.ratio)}** (≥ ${c.targetRatio.toFixed(1)}x, informational: ${yes(c.met)}); ` +
      `the stream adds ${cpu(c.addedCpuUsPerReq, 'server')} µs of BFF CPU and ${cpu(c.addedCpuUsPerReq, 'redis')} µs ` +
      'of Redis CPU per login (median over the rounds of on − off; CPU is counted in 10 ms ticks).',
    '',
    roundsTable(c, { product: 'On', baseline: 'Off', p: 'on', b: 'off' }),
    '',
    `The stream took ${int(c.events.on)} entries for the ${int(c.events.onLogins)} logins of the side with it on ` +
      `(${c.events.perLogin.toFixed(2)} a login) and ${int(c.events.off)} for the ${int(c.events.offLogins)} of the side ` +
      `with it off, warm-ups included. At the end it held ${int(st.entries)} entries in ${int(st.bytes)} bytes ` +
      `(\`MEMORY USAGE ${st.key} SAMPLES 0\`): **${int(st.bytesPerEvent)} bytes an event**; an entry's JSON is ` +
      `${int(st.jsonBytesPerEvent)} bytes on average (the newest ${int(st.sampled)}: ${types}). ` +
      `At the cap of ${int(c.maxEvents)} events that is about ${((st.bytesPerEvent * c.maxEvents) / 1048576).toFixed(1)} MB.`,
    '',
    ...c.notes.map((n) => `- ${n}`),
  ].join('\n');
}

const reach = (k: WebhookReachRepetition, name: string) => {
  const v = k.reachMs[name];
  return v === null || v === undefined ? 'not seen' : ms(v);
};

/** S15: a KYC webhook on one instance, the first changed decision on the others. */
export function webhookSection(r: BenchResults): string {
  const w = r.s15;
  if (!w) return '';
  const names = w.polled;
  return [
    '## S15: a webhook’s reach',
    '',
    `S15 starts ${w.instances} vouching product instances on one Redis; one investor logged in, the same session cookie ` +
      `asked on each. The simulator changes the investor's KYC status and delivers the signed ` +
      '`domain-investor-kyc-update` to instance 1 only; meanwhile the bench asks forward-auth ' +
      `(\`GET /auth\`, a rule under \`verified: true\`) on ${names.join(' and ')} in a tight loop, one request after ` +
      'the other on each. Reach: from the control call that makes the simulator send the delivery to the first ' +
      'answer with the new decision (allowed → denied for `manual-review`, denied → allowed for `verified`).',
    '',
    table(
      ['Instance', 'Median', 'Max', 'Not seen', 'Between two answers (median)'],
      names.map((n) => {
        const b = w.byInstance[n]!;
        return [n, `**${ms(b.medianMs)}**`, `**${ms(b.maxMs)}**`, int(b.missed), ms(b.pollGapMs)];
      }),
    ),
    '',
    `Over ${w.repetitions.length} timed changes (half each way); instance 1 answered the delivery after ` +
      `${ms(w.answered.medianMs)} (median), ${ms(w.answered.maxMs)} at most. Within a second on every instance: ` +
      `${yes(names.every((n) => w.byInstance[n]!.maxMs <= 1000 && w.byInstance[n]!.missed === 0))}.`,
    '',
    '<details><summary>Every change</summary>',
    '',
    table(
      [
        '#',
        'Status',
        'Expected',
        'Delivery',
        'Answered',
        ...names.map((n) => `Reach ${n}`),
        'Polls',
        'Longest between two answers',
      ],
      [
        ...w.warmUp.map((k) => ({ ...k, label: 'warm-up' })),
        ...w.repetitions.map((k) => ({ ...k, label: '' })),
      ].map((k) => [
        k.label || k.repetition,
        k.status,
        k.expected,
        k.deliveryStatus,
        ms(k.answeredMs),
        ...names.map((n) => reach(k, n)),
        names.map((n) => int(k.polls[n] ?? NaN)).join(' / '),
        k.slowestGapMs ? names.map((n) => ms(k.slowestGapMs![n] ?? NaN)).join(' / ') : 'n/a',
      ]),
    ),
    '',
    '</details>',
    '',
    ...w.notes.map((n) => `- ${n}`),
  ].join('\n');
}
