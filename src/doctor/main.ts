import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { withEnvFile } from '../process';
import { checkConfig } from './config-check';
import { formatChecks } from './checks';
import { runDoctor } from './run-doctor';
import { answers, markdownReport } from './probe-report';
import { runProbe } from './probe-run';

/**
 * `npm run doctor`: checks the set-up the way `npm start` reads it (`.env`, then the environment;
 * no development defaults). `--json` prints one JSON document; `--login` runs the login probe.
 */
const USAGE = `Usage: npm run doctor [-- --json]
       npm run doctor -- --login [--out <path prefix>] [--wait <seconds>]`;

function parseArgs(argv: string[]) {
  const a = {
    help: false,
    json: false,
    login: false,
    out: undefined as string | undefined,
    waitSeconds: 600,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') a.help = true;
    else if (arg === '--json') a.json = true;
    else if (arg === '--login') a.login = true;
    else if (arg === '--out' && argv[i + 1]) a.out = argv[++i];
    else if (arg === '--wait' && /^\d{1,5}$/.test(argv[i + 1] ?? '')) a.waitSeconds = Number(argv[++i]);
    else throw new Error(`${arg}: not an option\n${USAGE}`);
  }
  return a;
}

const print = (line: string) => void process.stdout.write(`${line}\n`);

async function probe(env: Record<string, string | undefined>, out: string | undefined, waitSeconds: number) {
  const { checks, config } = checkConfig(env);
  if (!config) {
    print(formatChecks(checks));
    return 1;
  }
  print(
    `The probe listens on PORT ${config.port} for ${config.callbackUrl}/… (the BFF must be stopped; the front door stays).`,
  );
  const findings = await runProbe(config, {
    timeoutMs: waitSeconds * 1000,
    onLoginUrl: (url) =>
      print(`Open this URL in a browser and log in (waiting up to ${waitSeconds} s):\n\n  ${url}\n`),
  });
  const prefix = out ?? `securitize-probe-${findings.at.slice(0, 19).replace(/:/g, '')}`;
  const md = path.resolve(`${prefix}.md`);
  const json = path.resolve(`${prefix}.json`);
  writeFileSync(md, markdownReport(findings));
  writeFileSync(json, `${JSON.stringify({ findings, answers: answers(findings) }, null, 2)}\n`);
  print(
    `${findings.stopped ? `The probe stopped early: ${findings.stopped}.\n` : ''}Report (shapes only; tokens forgotten):\n  ${md}\n  ${json}`,
  );
  return findings.stopped ? 1 : 0;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    print(USAGE);
    return 0;
  }
  const { env, file, keys } = withEnvFile(process.env);
  if (args.login) return probe(env, args.out, args.waitSeconds);
  const result = await runDoctor(env, { timeoutMs: 5000 });
  if (args.json)
    print(
      JSON.stringify(
        { ok: result.ok, envFile: file ? { variables: keys.length } : null, checks: result.checks },
        null,
        2,
      ),
    );
  else {
    if (file)
      print(`Read ${keys.length} variable(s) from ${file}; variables set in the environment win over it.`);
    print(formatChecks(result.checks));
  }
  return result.ok ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`doctor: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
