import type { BenchResults } from '../lib/types';

export interface Bar {
  label: string;
  value: number;
  kind: 'product' | 'baseline' | 'target';
}
export interface Group {
  name: string;
  bars: Bar[];
}

const COLORS = { product: '#2563eb', baseline: '#9ca3af', target: '#f59e0b' };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => (v >= 100 ? Math.round(v).toLocaleString('en-US') : v.toFixed(v >= 10 ? 1 : 2));

/** One bar panel: groups of bars on a shared linear scale from zero, values printed on top. */
function panel(x0: number, title: string, unit: string, groups: Group[]): string {
  const w = 430;
  const top = 50;
  const bottom = 250;
  const max = Math.max(
    1e-9,
    ...groups.flatMap((g) => g.bars.map((b) => (Number.isFinite(b.value) ? b.value : 0))),
  );
  const scale = (v: number) => ((bottom - top) * v) / (max * 1.1);
  const groupW = (w - 40) / Math.max(1, groups.length);
  const out = [
    `<text x="${x0 + w / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
    `<text x="${x0 + w / 2}" y="40" text-anchor="middle" font-size="11" fill="#555">${esc(unit)}</text>`,
    `<line x1="${x0 + 20}" y1="${bottom}" x2="${x0 + w - 20}" y2="${bottom}" stroke="#333"/>`,
  ];
  groups.forEach((g, gi) => {
    const gx = x0 + 20 + gi * groupW;
    const barW = Math.min(40, (groupW - 20) / Math.max(1, g.bars.length));
    const start = gx + (groupW - barW * g.bars.length) / 2;
    g.bars.forEach((b, bi) => {
      const v = Number.isFinite(b.value) ? b.value : 0;
      const bh = scale(v);
      const x = start + bi * barW;
      const dash = b.kind === 'target' ? ' stroke-dasharray="4 2" fill-opacity="0.35"' : '';
      out.push(
        `<rect x="${x + 2}" y="${bottom - bh}" width="${barW - 4}" height="${bh}" fill="${COLORS[b.kind]}" stroke="${COLORS[b.kind]}"${dash}><title>${esc(`${g.name} ${b.label}: ${num(v)} ${unit}`)}</title></rect>`,
        `<text x="${x + barW / 2}" y="${bottom - bh - 4}" text-anchor="middle" font-size="10">${num(v)}</text>`,
      );
    });
    // More than four groups: every other name one line lower, so neighbours' names don't overlap.
    const y = bottom + 16 + (groups.length > 4 ? (gi % 2) * 12 : 0);
    out.push(
      `<text x="${gx + groupW / 2}" y="${y}" text-anchor="middle" font-size="11">${esc(g.name)}</text>`,
    );
  });
  return `<g>${out.join('')}</g>`;
}

export function chartGroups(r: BenchResults): { throughput: Group[]; p99: Group[] } {
  const throughput: Group[] = [];
  const p99: Group[] = [];
  for (const [name, c] of [
    ['S1 /api/me', r.s1],
    ['S2 /api/investor', r.s2],
    ['S3 /callback', r.s3],
    ['S9 /auth', r.s9],
    ['S10 /app-api', r.s10],
  ] as const) {
    if (!c) continue;
    throughput.push({
      name,
      bars: [
        { label: 'product', value: c.median.product.reqPerSec, kind: 'product' },
        { label: 'baseline', value: c.median.baseline.reqPerSec, kind: 'baseline' },
      ],
    });
    p99.push({
      name,
      bars: [
        { label: 'product', value: c.median.product.p99Ms, kind: 'product' },
        { label: 'baseline', value: c.median.baseline.p99Ms, kind: 'baseline' },
      ],
    });
  }
  if (r.s4) {
    const worst = Math.max(...r.s4.repeats.map((x) => x.p99Ms));
    p99.push({
      name: 'S4 storm',
      bars: [
        { label: 'product (worst repeat)', value: worst, kind: 'product' },
        { label: 'target', value: r.s4.directRefreshMedianMs + 100, kind: 'target' },
      ],
    });
  }
  return { throughput, p99 };
}

/** The chart of docs/performance.md: throughput and p99 by scenario, product against baseline. */
export function renderSvg(r: BenchResults): string {
  const { throughput, p99 } = chartGroups(r);
  const legend = (['product', 'baseline', 'target'] as const)
    .map(
      (k, i) =>
        `<rect x="${20 + i * 110}" y="290" width="12" height="12" fill="${COLORS[k]}"/>` +
        `<text x="${36 + i * 110}" y="300" font-size="11">${k}</text>`,
    )
    .join('');
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="900" height="320" viewBox="0 0 900 320" font-family="sans-serif">',
    '<rect width="900" height="320" fill="#fff"/>',
    panel(10, 'Throughput by scenario (median)', 'requests per second, -c 50', throughput),
    panel(460, 'p99 latency by scenario (median)', 'milliseconds', p99),
    legend,
    `<text x="880" y="300" text-anchor="end" font-size="10" fill="#555">${esc(`${r.mode} run, ${r.startedAt.slice(0, 10)}`)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
