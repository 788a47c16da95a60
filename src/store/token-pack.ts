import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Compact plaintext for the sealed token pair, so a session stays small in Redis: JWT-like tokens
 * (base64url segments joined by dots) are stored as their decoded bytes, then everything is
 * deflated. A token that isn't such a string is kept as text. Layout per token: a kind byte
 * (0 text, 1 segments), a segment count, then u16 length + bytes for each part.
 */
const B64URL = /^[A-Za-z0-9_-]*$/;

function segments(token: string): Buffer[] | null {
  const parts = token.split('.');
  if (parts.length > 16 || !parts.every((p) => B64URL.test(p) && p.length % 4 !== 1)) return null;
  const bytes = parts.map((p) => Buffer.from(p, 'base64url'));
  // Only if decoding loses nothing (canonical base64url): the token must come back byte for byte.
  return bytes.every((b, i) => b.toString('base64url') === parts[i]) ? bytes : null;
}

export function packTokens(tokens: readonly string[]): Buffer {
  const chunks: Buffer[] = [];
  for (const token of tokens) {
    const segs = segments(token);
    const parts = segs ?? [Buffer.from(token, 'utf8')];
    chunks.push(Buffer.from([segs ? 1 : 0, parts.length]));
    for (const part of parts) {
      const len = Buffer.alloc(2);
      len.writeUInt16BE(part.length);
      chunks.push(len, part);
    }
  }
  return deflateRawSync(Buffer.concat(chunks));
}

export function unpackTokens(packed: Buffer, count: number): string[] {
  const raw = inflateRawSync(packed, { maxOutputLength: 1 << 20 });
  const out: string[] = [];
  let at = 0;
  for (let t = 0; t < count; t++) {
    const kind = raw[at++];
    const n = raw[at++] ?? 0;
    const parts: Buffer[] = [];
    for (let i = 0; i < n; i++) {
      const len = raw.readUInt16BE(at);
      parts.push(raw.subarray(at + 2, at + 2 + len));
      at += 2 + len;
    }
    out.push(
      kind === 1
        ? parts.map((p) => p.toString('base64url')).join('.')
        : (parts[0] ?? Buffer.alloc(0)).toString('utf8'),
    );
  }
  if (at !== raw.length) throw new Error('trailing bytes');
  return out;
}
