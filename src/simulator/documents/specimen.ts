import type { DocumentRecord } from '../fixtures';

// Shared by the specimen image and PDF: the made-up details a document shows besides its holder.

const DAY = 24 * 60 * 60 * 1000;
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** "1985-06-14" → "14 JUN 1985"; unknown → "—". */
export function formatDay(date: string | null): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  return m ? `${m[3]} ${MONTHS[Number(m[2]) - 1] ?? m[2]} ${m[1]}` : '—';
}

/** Nine characters from the document id: stable, so every view of a document shows the same number. */
export const documentNumber = (document: DocumentRecord): string =>
  document.documentId.slice(-9).toUpperCase();

/** Issued a year and a bit before it was uploaded, valid for ten years. */
export function documentDates(document: DocumentRecord): { issued: string; expires: string } {
  const uploaded = Date.parse(document.createDate);
  const issuedAt = new Date((Number.isNaN(uploaded) ? Date.UTC(2024, 0, 1) : uploaded) - 400 * DAY);
  const expiresAt = new Date(issuedAt);
  expiresAt.setUTCFullYear(expiresAt.getUTCFullYear() + 10);
  expiresAt.setUTCDate(expiresAt.getUTCDate() - 1);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { issued: day(issuedAt), expires: day(expiresAt) };
}

let regions: Intl.DisplayNames | undefined;

/** "SG" → "Singapore"; what cannot be named stays a code. */
export function countryName(country: string | null): string {
  if (!country) return 'Unknown country';
  try {
    regions ??= new Intl.DisplayNames(['en'], { type: 'region' });
    return regions.of(country) ?? country;
  } catch {
    return country;
  }
}
