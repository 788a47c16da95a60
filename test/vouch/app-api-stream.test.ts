import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import request from 'supertest';
import { SEEDED } from '../../src/simulator';
import { Harness, loginAs, processEnv, startHarness } from '../helpers/harness';
import { BffProcess, startBffProcess } from '../helpers/bff-process';
import { policyFile, signingKey } from '../helpers/vouch';
import { startUpstream } from '../helpers/upstream';

/** A real server process, so its memory is its own: a 50 MB upload must stream, not pile up. */
const MB = 1024 * 1024;
let h: Harness;
let bff: BffProcess;
let up: Awaited<ReturnType<typeof startUpstream>>;
let cookie: string;

beforeAll(async () => {
  h = await startHarness();
  up = await startUpstream();
  bff = await startBffProcess(
    processEnv(h, h.redisChild, {
      ASSERTION_SIGNING_KEYS: signingKey('s1'),
      POLICY_FILE: policyFile(`
apis:
  - { prefix: /app-api/upload, upstream: "${up.url}/files", methods: [POST], policy: { verified: true }, maxBodyBytes: ${160 * MB} }
`),
    }),
  );
  const send = (method: 'get', path: string, headers: Record<string, string> = {}) =>
    request(bff.url)[method](path).set(headers).redirects(0);
  cookie = (await loginAs(send, h.simUrl, SEEDED.verified, h.config, {})).cookie!;
}, 30_000);
afterAll(async () => {
  await bff?.kill('SIGTERM');
  await up.close();
  await h.close();
});

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** POSTs `total` bytes of a repeating pattern, written as the socket drains; resolves with the status, the body's hash and when its last byte was written. */
function upload(total: number): Promise<{ status: number; sha256: string; lastWriteAt: number }> {
  const { hostname, port } = new URL(bff.url);
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(64 * 1024);
  for (let i = 0; i < chunk.length; i++) chunk[i] = (i * 31) % 251;
  return new Promise((resolve, reject) => {
    const req = http.request({
      hostname,
      port,
      method: 'POST',
      path: '/app-api/upload/big.bin',
      headers: {
        Cookie: cookie,
        'X-CSRF': '1',
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(total),
      },
    });
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, sha256: hash.digest('hex'), lastWriteAt }));
    });
    req.on('error', reject);
    let sent = 0;
    let lastWriteAt = 0;
    const pump = () => {
      while (sent < total) {
        const part = chunk.subarray(0, Math.min(chunk.length, total - sent));
        sent += part.length;
        hash.update(part);
        if (!req.write(part)) return void req.once('drain', pump);
      }
      lastWriteAt = Date.now();
      req.end();
    };
    pump();
  });
}

/** Uploads `total` bytes and returns how far the process's RSS rose above where it was before. */
async function measuredUpload(total: number): Promise<number> {
  const pid = bff.proc.pid!;
  const before = rssOf(pid);
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(pid))), 10);
  const { status, sha256, lastWriteAt } = await upload(total).finally(() => clearInterval(sampler));
  expect(status).toBe(200);
  const seen = up.seen[up.seen.length - 1]!;
  expect(seen.url).toBe('/files/big.bin');
  expect([seen.bytes, seen.sha256]).toEqual([total, sha256]);
  // Streamed, not stored and forwarded: the app backend had bytes before the browser sent its last.
  expect(seen.firstByteAt).toBeLessThan(lastWriteAt);
  return peak - before;
}

test('a 50 MB upload streams through the gateway with the memory of the process flat', async () => {
  expect((await upload(2 * MB)).status).toBe(200);
  const fifty = await measuredUpload(50 * MB);
  // Never held whole: less than the body itself (what is left is garbage the collector has not yet
  // taken, bounded whatever the size: a body three times as large adds little more).
  expect(fifty).toBeLessThan(50 * MB);
  const hundredFifty = await measuredUpload(150 * MB);
  expect(hundredFifty - fifty).toBeLessThan(30 * MB);
}, 60_000);
