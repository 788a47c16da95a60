import type { Options } from './args';
import type { Stack } from './stack';

/** What every scenario gets: the running stack, the options, and a list to report problems into. */
export interface Ctx {
  stack: Stack;
  opts: Options;
  problems: string[];
  notes: string[];
}
