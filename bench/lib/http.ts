import { Agent, IncomingHttpHeaders, request } from 'node:http';

export interface HttpResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Wall time from sending to the last byte, in ms. */
  ms: number;
}

/** Keep-alive, like a browser or an upstream client: the drivers measure servers, not TCP set-up. */
export const sharedAgent = new Agent({ keepAlive: true, maxSockets: 64 });

type HttpOptions = { method?: string; headers?: Record<string, string>; body?: string; agent?: Agent };

export async function http(url: string, opts: HttpOptions = {}): Promise<HttpResponse> {
  try {
    return await once(url, opts);
  } catch (err) {
    // An idle keep-alive socket the server closed just as we reused it: the request never reached
    // the server (Node's documented race), so sending it again is safe, even a one-time callback.
    if ((err as { reusedSocket?: boolean }).reusedSocket) return once(url, opts);
    throw err;
  }
}

function once(url: string, opts: HttpOptions): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const headers = { ...opts.headers };
    if (opts.body !== undefined) headers['content-length'] = String(Buffer.byteLength(opts.body));
    const req = request(
      url,
      { method: opts.method ?? 'GET', headers, agent: opts.agent ?? sharedAgent, timeout: 15_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        res.on('error', reject);
      },
    );
    req.once('timeout', () => req.destroy(new Error(`timeout: ${opts.method ?? 'GET'} ${url}`)));
    req.once('error', (err: NodeJS.ErrnoException) => {
      const resetBeforeAnswer = err.code === 'ECONNRESET' && req.reusedSocket;
      reject(Object.assign(err, { reusedSocket: resetBeforeAnswer }));
    });
    req.end(opts.body);
  });
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  http(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

/** `name=value` of the Set-Cookie named `name`, as a browser would send it back. */
export function cookieFrom(headers: IncomingHttpHeaders, name: string): string | undefined {
  for (const line of headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0]!;
    if (pair.startsWith(`${name}=`) && pair.length > name.length + 1) return pair;
  }
  return undefined;
}

/**
 * Runs `fn(0..n-1)` with at most `concurrency` in flight; results in index order. On the first
 * failure no new call starts, and it rejects only once the calls in flight have ended, so a failed
 * scenario leaves no work running into the next one.
 */
export async function pool<T>(n: number, concurrency: number, fn: (i: number) => Promise<T>): Promise<T[]> {
  const out = new Array<T>(n);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < n && !failure) {
      const i = next++;
      try {
        out[i] = await fn(i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  if (failure) throw failure.error;
  return out;
}
