/** The browser families the admin API names; anything else (bots, curl, rare browsers) is `other`. */
export type BrowserFamily = 'Chrome' | 'Firefox' | 'Safari' | 'Edge' | 'other';

/**
 * A browser family read from a User-Agent header, kept at login instead of the header itself for
 * the admin API: a rough hint for an operator ("the Firefox one"), never a decision's input.
 * Order matters: Edge and Opera carry "Chrome/", and Chrome carries "Safari/".
 */
export function browserFamily(userAgent: string | null | undefined): BrowserFamily {
  const ua = userAgent ?? '';
  if (/\bEdg(e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/\bOPR\/|\bOpera\b|\bSamsungBrowser\//.test(ua)) return 'other';
  if (/\b(Firefox|FxiOS)\//.test(ua)) return 'Firefox';
  if (/\b(Chrome|Chromium|CriOS)\//.test(ua)) return 'Chrome';
  if (/\bSafari\//.test(ua) && /\bVersion\//.test(ua)) return 'Safari';
  return 'other';
}
