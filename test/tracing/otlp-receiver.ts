import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeJson, decodeProtobuf, Span } from './otlp-decode';

export interface Received {
  contentType: string;
  /** The body as it came over the wire (before any gzip was undone). */
  raw: Buffer;
  spans: Span[];
}

/**
 * An OTLP/HTTP trace receiver on 127.0.0.1: takes POST /v1/traces in protobuf or JSON, keeps every
 * body as it came (for byte scans) and the spans decoded, and answers as a collector does.
 */
export async function startOtlpReceiver() {
  const received: Received[] = [];
  const problems: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (d: Buffer) => chunks.push(d));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const contentType = String(req.headers['content-type'] ?? '');
      try {
        if (req.method !== 'POST' || req.url !== '/v1/traces') throw new Error(`${req.method} ${req.url}`);
        const body = req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        const json = contentType.startsWith('application/json');
        if (!json && !contentType.startsWith('application/x-protobuf')) throw new Error(contentType);
        received.push({ contentType, raw, spans: json ? decodeJson(body) : decodeProtobuf(body) });
        res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' });
        res.end(json ? '{}' : '');
      } catch (err) {
        problems.push(String(err));
        res.writeHead(400).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const spans = () => received.flatMap((r) => r.spans);
  return {
    url,
    received,
    problems,
    spans,
    /** Waits until `ready(spans)` holds for what came in so far (exports are batched). */
    async waitFor(ready: (spans: Span[]) => boolean, ms = 10_000): Promise<Span[]> {
      const deadline = Date.now() + ms;
      while (!ready(spans())) {
        if (Date.now() > deadline)
          throw new Error(
            `spans did not arrive in time; got: ${spans()
              .map((s) => s.name)
              .join(', ')}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
      return spans();
    },
    clear: () => void received.splice(0),
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

export type OtlpReceiver = Awaited<ReturnType<typeof startOtlpReceiver>>;
