import { randomBytes } from 'node:crypto';
import type { DocumentFile } from './documents/holder';

// Pre-signed S3 URL lifetime is undocumented; 60 s is short enough that caching one is caught.
export const FILE_URL_TTL_MS = 60_000;

export type FileGrant = DocumentFile & { expiresAt: number };

export type FileStore = ReturnType<typeof createFileStore>;

export function createFileStore(now: () => number) {
  const grants = new Map<string, FileGrant>();

  return {
    /** A fresh key for one document's file: what it shows is fixed when the URL is handed out. */
    grant(file: DocumentFile): string {
      const t = now();
      for (const [key, g] of grants) if (g.expiresAt + FILE_URL_TTL_MS < t) grants.delete(key);
      const key = randomBytes(24).toString('base64url');
      grants.set(key, { ...file, expiresAt: t + FILE_URL_TTL_MS });
      return key;
    },

    /** undefined when unknown, 'expired' when it was granted but has lapsed. */
    open(key: string): FileGrant | 'expired' | undefined {
      const g = grants.get(key);
      if (!g) return undefined;
      return now() >= g.expiresAt ? 'expired' : g;
    },
  };
}
