/**
 * Polls `probe` every 100 ms until it returns a value other than undefined. `probe` reports what it
 * saw through `seen`; a timeout error names `what` and the last thing seen (or the last error).
 */
export async function waitFor<T>(
  what: string,
  timeoutMs: number,
  probe: (seen: (s: string) => void) => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '(nothing yet)';
  for (;;) {
    try {
      const v = await probe((s) => (last = s));
      if (v !== undefined) return v;
    } catch (e) {
      last = `error: ${(e as Error).message}`;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs} ms; last seen: ${last}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
