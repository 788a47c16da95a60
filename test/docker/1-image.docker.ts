import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BASE_IMAGE,
  CANARY,
  docker,
  dockerRun,
  IMAGE,
  inspect,
  mb,
  note,
  projectCopy,
  ROOT,
  workDir,
} from './engine';

// The Dockerfile, built by the classic builder from a checkout that holds a `.env`, then looked at
// from outside (its config and history) and inside (its own layers, file by file).
jest.setTimeout(120_000);

type Lock = { packages: Record<string, { dev?: boolean; optional?: boolean; devOptional?: boolean }> };
let buildLog: string;
/** The paths in the image's own layers (not the base image's), e.g. app/dist/main.js. */
let ownPaths: string[];
let ownDir: string;
let ownBytes = 0;

beforeAll(() => {
  const context = projectCopy('build');
  const started = Date.now();
  buildLog = docker(['build', '-t', IMAGE, context], 15 * 60_000);
  writeFileSync(path.join(workDir(), 'build.log'), buildLog);
  const driver = docker(['info', '--format', '{{.Driver}}']);
  note(`docker build (classic builder, ${driver} storage): ${Math.round((Date.now() - started) / 1000)} s`);

  // docker save: manifest.json lists the layers, the base image's first.
  const saved = path.join(workDir(), 'image');
  mkdirSync(saved);
  docker(['save', '-o', path.join(saved, 'image.tar'), IMAGE], 5 * 60_000);
  execFileSync('tar', ['-xf', 'image.tar', 'manifest.json'], { cwd: saved });
  const [manifest] = JSON.parse(readFileSync(path.join(saved, 'manifest.json'), 'utf8')) as Array<{
    Layers: string[];
  }>;
  const baseLayers = inspect<{ RootFS: { Layers: string[] } }>(BASE_IMAGE).RootFS.Layers.length;
  const own = manifest!.Layers.slice(baseLayers);
  execFileSync('tar', ['-xf', 'image.tar', ...own], { cwd: saved });
  ownDir = path.join(saved, 'own');
  mkdirSync(ownDir);
  ownPaths = [];
  for (const layer of own) {
    ownBytes += statSync(path.join(saved, layer)).size;
    const list = execFileSync('tar', ['-tf', layer], { cwd: saved, maxBuffer: 64 << 20 }).toString();
    ownPaths.push(...list.split('\n').filter(Boolean));
    execFileSync('tar', ['-xf', path.join(saved, layer), '-C', ownDir]);
  }
}, 20 * 60_000);

describe('docker build: the Dockerfile', () => {
  it('builds with the classic builder (no BuildKit frontend to pull)', () => {
    expect(buildLog).toContain(`Successfully tagged ${IMAGE}`);
    const { Size } = inspect<{ Size: number }>(IMAGE);
    note(`image size: ${mb(Size)} (its own layers ${mb(ownBytes)}, the rest is the base image)`);
  });

  it('runs node as PID 1 under the non-root node user (uid 1000), with a HEALTHCHECK on /healthz', () => {
    const { Config } = inspect<{ Config: Record<string, unknown> }>(IMAGE);
    expect(Config).toMatchObject({
      User: 'node',
      WorkingDir: '/app',
      Cmd: ['node', 'dist/main.js'],
      Entrypoint: null,
      ExposedPorts: { '3000/tcp': {} },
    });
    expect(Config.Env).toContain('NODE_ENV=production');
    expect(JSON.stringify(Config.Healthcheck)).toContain('/healthz');
    // Inside: who it runs as, and that it cannot change its own code (root owns /app).
    const probe = dockerRun([
      'run',
      '--rm',
      IMAGE,
      'sh',
      '-c',
      'id -u; id -g; touch dist/main.js 2>&1 || echo read-only; touch /tmp/ok && echo tmp-writable',
    ]);
    expect(probe.stdout.split('\n')).toEqual([
      '1000',
      '1000',
      expect.stringContaining('Permission denied'),
      'read-only',
      'tmp-writable',
      '',
    ]);
  });

  it('holds the production dependencies and none of the development ones', () => {
    const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as Lock;
    const inImage = JSON.parse(
      readFileSync(path.join(ownDir, 'app', 'node_modules', '.package-lock.json'), 'utf8'),
    ) as Lock;
    const installed = Object.keys(inImage.packages);
    expect(installed.filter((p) => inImage.packages[p]!.dev)).toEqual([]);
    // Every package production needs (optional ones may not fit this platform)...
    const needed = Object.entries(lock.packages)
      .filter(([p, v]) => p !== '' && !v.dev && !v.optional && !v.devOptional)
      .map(([p]) => p);
    expect(needed.filter((p) => !installed.includes(p))).toEqual([]);
    // ...and no package only development needs, on disk either.
    const devOnly = Object.entries(lock.packages)
      .filter(([, v]) => v.dev)
      .map(([p]) => p);
    expect(devOnly.length).toBeGreaterThan(100);
    expect(devOnly.filter((p) => ownPaths.includes(`app/${p}/`))).toEqual([]);
    const { devDependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    for (const name of ['jest', 'typescript', 'ts-jest', 'tsx', 'eslint', 'playwright-core'])
      expect(Object.keys(devDependencies)).toContain(name);
    expect(Object.keys(devDependencies).filter((d) => ownPaths.includes(`app/node_modules/${d}/`))).toEqual(
      [],
    );
  });

  it('holds the built app only: no .env, sources, tests, examples or git, in any layer of its own', () => {
    const top = new Set(ownPaths.map((p) => p.replace(/\/$/, '').split('/').slice(0, 2).join('/')));
    expect([...top].sort()).toEqual([
      'app',
      'app/dist',
      'app/node_modules',
      'app/package.json',
      'app/public',
    ]);
    for (const needed of [
      'app/dist/main.js',
      'app/dist/simulator/main.js',
      'app/public/index.html',
      'app/public/app/main.js',
    ])
      expect(ownPaths).toContain(needed);
    const ours = ownPaths.filter((p) => !p.startsWith('app/node_modules/'));
    expect(
      ours.filter((p) => /(^|\/)(test|tests|__tests__|examples|src|\.git)\/|\.test\.|\.spec\./.test(p)),
    ).toEqual([]);
    expect(ours.filter((p) => p.endsWith('.ts') && !p.endsWith('.d.ts'))).toEqual([]);
    // Nowhere, not even inside node_modules: dotenv files, npm credentials, private keys.
    expect(
      ownPaths.filter((p) => /(^|\/)(\.env(\..*)?|\.npmrc|id_rsa|[^/]*\.pem|[^/]*\.key)$/.test(p)),
    ).toEqual([]);
  });

  it('carries no secret: not the checkout .env values in any file of its layers, nor in its history', () => {
    const canaries = Object.values(CANARY);
    const grep = spawnSync('grep', ['-rlF', '-e', canaries[0]!, '-e', canaries[1]!, '.'], {
      cwd: ownDir,
      encoding: 'utf8',
    });
    expect([grep.status, grep.stdout]).toEqual([1, '']); // 1: read everything, found nothing
    // The Dockerfile's own steps (the history above the base image's): no secret passed to the build.
    const history = docker(['history', '--no-trunc', '--format', '{{.CreatedBy}}', IMAGE]).split('\n');
    const base = docker(['history', '-q', BASE_IMAGE]).split('\n').length;
    const steps = history.slice(0, history.length - base).join('\n');
    expect(steps).toContain('dist/main.js');
    for (const c of canaries) expect(steps).not.toContain(c);
    expect(steps).not.toMatch(/SECRET|TOKEN|PASSWORD|NPM_|_auth|NODE_EXTRA_CA_CERTS|\bARG\b/i);
  });
});
