import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type PostOutcome = { status: number } | { error: string };

/**
 * One POST without keep-alive and without following redirects; settles with the status, or with the failure's code
 * (ETIMEDOUT for the deadline), never rejects. The answer's body is read and dropped.
 */
export function postOnce(
  url: URL,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<PostOutcome> {
  return new Promise((resolve) => {
    let settled = false;
    const settle = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ReturnType<typeof send>;
    try {
      req = send(url, {
        method: 'POST',
        agent: false,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), connection: 'close' },
      });
    } catch (err) {
      return resolve({ error: (err as NodeJS.ErrnoException).code ?? 'ERROR' });
    }
    const timer = setTimeout(() => {
      settle({ error: 'ETIMEDOUT' });
      req.destroy();
    }, timeoutMs);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => settle({ status: res.statusCode ?? 0 }));
      res.on('error', () => settle({ status: res.statusCode ?? 0 }));
    });
    req.on('error', (err: NodeJS.ErrnoException) => settle({ error: err.code ?? 'ERROR' }));
    req.end(body);
  });
}
