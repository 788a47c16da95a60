import createRouter from 'router';
import type { Router } from 'express';

/**
 * The BFF's routers come from the `router` package, not from the host's `express`: Express 5's
 * `express.Router` is this very package, so the standalone server sees no difference, while a host
 * on Express 4 still gets Express 5's path syntax (`/callback{*rest}`) and rejected promises passed
 * to `next` instead of ending the process. Typed as Express's Router, which describes it.
 */
export const newRouter = (): Router => createRouter() as unknown as Router;
