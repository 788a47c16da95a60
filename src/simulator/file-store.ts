import { randomBytes } from 'node:crypto';

// Pre-signed S3 URL lifetime is undocumented (§15.11); 60 s is short enough that caching one is caught.
export const FILE_URL_TTL_MS = 60_000;

interface FileGrant {
  fileType: string;
  fileName: string;
  expiresAt: number;
}

export type FileStore = ReturnType<typeof createFileStore>;

export function createFileStore(now: () => number) {
  const grants = new Map<string, FileGrant>();

  return {
    grant(fileType: string, fileName: string): string {
      const t = now();
      for (const [key, g] of grants) if (g.expiresAt + FILE_URL_TTL_MS < t) grants.delete(key);
      const key = randomBytes(24).toString('base64url');
      grants.set(key, { fileType, fileName, expiresAt: t + FILE_URL_TTL_MS });
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
