import type { Server } from 'node:http';

/** What the development parts need of the process that starts them (given, so dev/ imports none of it). */
export interface DevHooks {
  /** Listens, or fails naming the variable to change. */
  listen(server: Server, port: number, variable: string, host?: string): Promise<number>;
  portError(err: NodeJS.ErrnoException, port: number, variable: string): Error;
  onStop(close: () => Promise<unknown>): void;
  /** A stop came during start-up: start nothing more. */
  stopping(): boolean;
  warn(message: string): void;
  fatal(message: string): void;
}
