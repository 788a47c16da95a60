import type { Logger } from 'pino';

/** What every request carries inside the BFF: an id and a logger bound to it (http/request-context.ts). */
declare module 'express-serve-static-core' {
  interface Request {
    id: string;
    log: Logger;
  }
}

export {};
