import type { Router } from 'express';
import { newRouter } from '../http';
import { isReady, RedisClient } from '../store';
import { AppError } from '../errors';

/**
 * Liveness never touches Redis (a Redis outage must not get the process restarted);
 * readiness does, so a load balancer stops sending traffic while the store is away.
 */
export function createHealthRouter(redis: RedisClient | null): Router {
  const router = newRouter();
  router.get('/healthz', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const ready = redis === null || (await isReady(redis));
    if (!ready) throw new AppError('session_store_unavailable', { detail: { op: 'readiness' } });
    res.json({ status: 'ready' });
  });
  return router;
}
