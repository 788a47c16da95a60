// Display helpers. Everything returns plain strings that end up in textContent.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

function parse(iso: string | null): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}

export const formatDate = (iso: string | null): string => {
  const date = parse(iso);
  return date ? dateOnly.format(date) : '—';
};

export const formatDateTime = (iso: string | null): string => {
  const date = parse(iso);
  return date ? dateTime.format(date) : '—';
};

/** "just now", "4 min ago", "3 h ago", else the date. */
export function formatAgo(iso: string | null, now = Date.now()): string {
  const date = parse(iso);
  if (!date) return '—';
  const minutes = Math.floor((now - date.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  if (minutes < 24 * 60) return `${Math.floor(minutes / 60)} h ago`;
  return formatDateTime(iso);
}

/** 1805 → "30:05"; 4000 → "1:06:40". */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** "utility-bill" → "Utility bill". */
export function humanize(value: string | null): string {
  if (!value) return '—';
  const words = value.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

// English, like the rest of the page; built once (it is not free) and only on first use.
let regions: Intl.DisplayNames | undefined;

/** "SG" → "Singapore (SG)"; a code the browser cannot name stays as it is. */
export function countryLabel(code: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  const upper = code.toUpperCase();
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    const name = regions.of(upper);
    return name && name !== upper ? `${name} (${upper})` : upper;
  } catch {
    return upper;
  }
}

/** "0x7d3a1c…4b6a8f01": long ids stay recognisable without breaking the layout. */
export const shorten = (value: string, keep = 8): string =>
  value.length <= keep * 2 + 1 ? value : `${value.slice(0, keep)}…${value.slice(-keep)}`;

type Table = ReadonlyArray<readonly [token: string, name: string]>;

// Order matters: Edge says "Chrome" too, Chrome says "Safari", Android says "Linux".
const BROWSERS: Table = [
  ['Edg/', 'Edge'],
  ['Firefox/', 'Firefox'],
  ['Chrome/', 'Chrome'],
  ['Safari/', 'Safari'],
];
const SYSTEMS: Table = [
  ['Windows', 'Windows'],
  ['Android', 'Android'],
  ['iPhone', 'iOS'],
  ['Mac OS X', 'macOS'],
  ['Linux', 'Linux'],
];
const lookup = (table: Table, ua: string, fallback: string) =>
  table.find(([token]) => ua.includes(token))?.[1] ?? fallback;

/** A rough "Chrome on Linux" from a user agent string: enough to tell one's own devices apart. */
export function describeUserAgent(ua: string | null): string {
  if (!ua) return 'Unknown device';
  const headless = ua.includes('Headless') ? ' (headless)' : '';
  return `${lookup(BROWSERS, ua, 'Browser')}${headless} on ${lookup(SYSTEMS, ua, 'an unknown system')}`;
}
