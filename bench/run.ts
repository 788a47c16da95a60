import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as prettier from 'prettier';
import { parseArgs, ScenarioId } from './lib/args';
import { DistSnapshot, ensureBuilt, snapshotDist } from './lib/build';
import type { Ctx } from './lib/context';
import { killAllNow, stopAll } from './lib/processes';
import { progress } from './lib/progress';
import { killRedisNow } from './lib/redis';
import { ROOT, startStack } from './lib/stack';
import type { BenchResults } from './lib/types';
import { analysis } from './report/analysis';
import { renderMarkdown } from './report/markdown';
import { renderSvg } from './report/svg';
import { targetRows } from './report/targets';
import { scenarioMe } from './scenarios/s1-me';
import { scenarioInvestor } from './scenarios/s2-investor';
import { scenarioCallback } from './scenarios/s3-callback';
import { scenarioStorm } from './scenarios/s4-storm';
import { scenarioRedisMemory } from './scenarios/s5-redis-memory';
import { scenarioProcessMemory } from './scenarios/s6-process-memory';
import { scenarioProfile } from './scenarios/s7-profile';
import { scenarioRateLimit } from './scenarios/s8-rate-limit';
import { scenarioForwardAuth } from './scenarios/s9-forward-auth';
import { scenarioGateway } from './scenarios/s10-gateway';
import { scenarioTracing } from './scenarios/s11-tracing';
import { scenarioPendingLogins } from './scenarios/s12-pending-logins';
import { scenarioSoak } from './scenarios/s13-soak';
import { scenarioAuditCost } from './scenarios/s14-audit-cost';
import { scenarioWebhookReach } from './scenarios/s15-webhook-reach';

/**
 * Each scenario stores its result; the order matters (S4 expires every access token issued so far,
 * S12 empties Redis).
 */
const STEPS: Array<[ScenarioId, string, (ctx: Ctx, r: BenchResults) => Promise<void>]> = [
  ['s1', 'GET /api/me with a session', async (c, r) => void (r.s1 = await scenarioMe(c))],
  [
    's2',
    'GET /api/investor through to the simulator',
    async (c, r) => void (r.s2 = await scenarioInvestor(c)),
  ],
  ['s3', 'GET /callback, a full login', async (c, r) => void (r.s3 = await scenarioCallback(c))],
  ['s4', 'refresh storm across two instances', async (c, r) => void (r.s4 = await scenarioStorm(c))],
  ['s5', 'Redis memory per session', async (c, r) => void (r.s5 = await scenarioRedisMemory(c))],
  ['s6', 'memory of the BFF process', async (c, r) => void (r.s6 = await scenarioProcessMemory(c))],
  ['s7', 'CPU profile of S1', async (c, r) => void (r.s7 = await scenarioProfile(c))],
  [
    's8',
    'API rate limiter’s own cost (RATE_LIMIT_API on vs off)',
    async (c, r) => void (r.s8 = await scenarioRateLimit(c)),
  ],
  [
    's9',
    'forward-auth GET /auth against GET /api/me',
    async (c, r) => void (r.s9 = await scenarioForwardAuth(c)),
  ],
  [
    's10',
    'the app-API proxy against the minimal app-API proxy',
    async (c, r) => void (r.s10 = await scenarioGateway(c)),
  ],
  ['s11', 'GET /api/me with tracing on vs off', async (c, r) => void (r.s11 = await scenarioTracing(c))],
  // Last: S12 empties Redis between its runs (every session of the earlier scenarios goes), and
  // S13's two instances and load would only add noise to a scenario measured after it.
  ['s12', 'Redis bytes per pending login', async (c, r) => void (r.s12 = await scenarioPendingLogins(c))],
  [
    's13',
    'the app-API proxy soak: two instances, one Node upstream',
    async (c, r) => void (r.s13 = await scenarioSoak(c)),
  ],
  [
    's14',
    'the audit trail’s cost on a login (the stream on vs off)',
    async (c, r) => void (r.s14 = await scenarioAuditCost(c)),
  ],
  [
    's15',
    'a webhook’s reach: the other instances’ first changed decision',
    async (c, r) => void (r.s15 = await scenarioWebhookReach(c)),
  ],
];

async function writeOutputs(r: BenchResults, docs: boolean): Promise<void> {
  const dir = path.join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${r.startedAt.replace(/:/g, '-')}${r.mode === 'quick' ? '-quick' : ''}.json`);
  writeFileSync(file, `${JSON.stringify(r, null, 2)}\n`);
  progress(`results: ${path.relative(ROOT, file)}`);
  if (!docs) return progress('docs/performance.md left as it is (quick or partial run; --docs to write it)');
  await writeDocs(r);
}

async function writeDocs(r: BenchResults): Promise<void> {
  const mdFile = path.join(ROOT, 'docs', 'performance.md');
  // Formatted with the repo's prettier settings, so `npm run lint` stays green after a run.
  const options = { ...(await prettier.resolveConfig(mdFile)), parser: 'markdown' };
  writeFileSync(mdFile, await prettier.format(renderMarkdown(r, analysis(r)), options));
  writeFileSync(path.join(ROOT, 'docs', 'performance.svg'), renderSvg(r));
  progress('docs/performance.md and docs/performance.svg regenerated');
}

/** The run's copy of dist/, removed at the end (and on Ctrl-C). */
let snapshot: DistSnapshot | undefined;

async function main(): Promise<number> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.report) {
    const saved = JSON.parse(readFileSync(opts.report, 'utf8')) as BenchResults;
    saved.targets = targetRows(saved);
    await writeDocs(saved);
    return 0;
  }
  const mode = opts.quick ? 'quick' : 'full';
  progress(`bench: ${mode}, ${opts.rounds} rounds of ${opts.duration} s, scenarios ${opts.only.join(', ')}`);
  const build = ensureBuilt(ROOT);
  progress(
    build === 'built' ? 'dist/ was older than src/: rebuilt it (npm run build)' : 'dist/ is up to date',
  );
  snapshot = await snapshotDist(ROOT);
  const stack = await startStack(snapshot.dir);
  const redisVersion = /^redis_version:(\S+)/m.exec(await stack.redis.admin.info('server'))?.[1] ?? '?';
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    mode,
    options: { rounds: opts.rounds, duration: opts.duration, only: opts.only },
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '?',
      node: process.version,
      redis: redisVersion,
    },
    build,
    notes: [],
    targets: [],
    problems: [],
  };
  const ctx: Ctx = { stack, opts, problems: results.problems, notes: results.notes };
  try {
    for (const [id, title, step] of STEPS) {
      if (!opts.only.includes(id)) continue;
      progress(`== ${id.toUpperCase()}: ${title}`);
      try {
        await step(ctx, results);
      } catch (err) {
        const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
        results.problems.push(
          `${id.toUpperCase()} did not complete: ${message.split('\n').slice(0, 3).join(' ')}`,
        );
        progress(`${id.toUpperCase()} failed: ${message}`);
      }
    }
  } finally {
    await stopAll();
    await stack.redis.close();
    snapshot.remove();
  }
  results.finishedAt = new Date().toISOString();
  results.targets = targetRows(results);
  for (const t of results.targets)
    progress(
      `${t.met === null ? '  ' : t.met ? 'OK' : '--'} ${t.scenario}: ${t.measured} (target ${t.target})`,
    );
  await writeOutputs(results, opts.docs);
  // Speed is reported, never asserted; a non-zero exit means the benchmark itself did not work.
  for (const p of results.problems) progress(`problem: ${p}`);
  return results.problems.length > 0 ? 1 : 0;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    process.stderr.write(`bench: stopped by ${signal}; stopping the servers it started\n`);
    killAllNow();
    killRedisNow();
    snapshot?.remove();
    process.exit(130);
  });

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(
      `bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    killAllNow();
    killRedisNow();
    snapshot?.remove();
    process.exit(1);
  },
);
