import { z } from 'zod';

const token = z
  .string()
  .min(1)
  .max(8192)
  .regex(/^[\x21-\x7e]+$/, 'printable ASCII');

/** The token endpoints answer a bare object (securitize-api.md §6.2); no envelope. */
export const tokenResponseSchema = z.object({
  investorId: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[A-Za-z0-9_-]+$/),
  accessToken: token,
  refreshToken: token,
  expiration: z.string().min(1).max(64),
});

export interface TokenSet {
  investorId: string;
  accessToken: string;
  refreshToken: string;
  /** The access token's expiry as sent by Securitize (ISO-8601). */
  expiration: string;
  /** The same, in epoch milliseconds. */
  expiresAt: number;
}
