const started = Date.now();

/** One progress line on stdout, prefixed with the time since the run began. */
export function progress(message: string): void {
  const s = Math.floor((Date.now() - started) / 1000);
  const stamp = `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  process.stdout.write(`[${stamp}] ${message}\n`);
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString('en-US'),
  ms: (n: number) => `${n.toFixed(n < 10 ? 2 : 1)} ms`,
  x: (n: number) => `${n.toFixed(2)}x`,
  mb: (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`,
  gb: (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`,
};
