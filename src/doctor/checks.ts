/** One line of the doctor's answer: what was checked, how it went, and for a problem the fix. */
export type Status = 'ok' | 'warn' | 'fail' | 'skip';

export interface Check {
  /** Stable, for --json readers: `area.what`, e.g. `redis.eviction`. */
  id: string;
  status: Status;
  label: string;
  detail?: string;
  /** For warn and fail: what to change, naming the variable or setting. */
  fix?: string;
}

export const ok = (id: string, label: string, detail?: string): Check => ({
  id,
  status: 'ok',
  label,
  detail,
});
export const warn = (id: string, label: string, detail: string | undefined, fix: string): Check => ({
  id,
  status: 'warn',
  label,
  detail,
  fix,
});
export const fail = (id: string, label: string, detail: string | undefined, fix: string): Check => ({
  id,
  status: 'fail',
  label,
  detail,
  fix,
});
export const skip = (id: string, label: string, why: string): Check => ({
  id,
  status: 'skip',
  label,
  detail: why,
});

const MARK: Record<Status, string> = { ok: 'ok  ', warn: 'warn', fail: 'fail', skip: 'skip' };

/** One line per check; a fix on its own indented line under it, after an arrow. */
export function formatChecks(checks: readonly Check[]): string {
  const lines: string[] = [];
  for (const c of checks) {
    lines.push(`${MARK[c.status]}  ${c.label}${c.detail ? `: ${c.detail}` : ''}`);
    if (c.fix)
      for (const [i, l] of c.fix.split('\n').entries())
        lines.push(`${i === 0 ? '      → ' : '        '}${l}`);
  }
  const count = (s: Status) => checks.filter((c) => c.status === s).length;
  lines.push('');
  lines.push(
    `${count('fail')} failed, ${count('warn')} warning(s), ${count('ok')} ok, ${count('skip')} skipped`,
  );
  return lines.join('\n');
}

export const failed = (checks: readonly Check[]) => checks.some((c) => c.status === 'fail');
