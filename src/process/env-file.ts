import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

type Env = Record<string, string | undefined>;

/**
 * `npm start` and `npm run dev` read `.env` from the working directory when it exists (Docker
 * Compose reads the same file). Variables already set in the environment win over the file. Under
 * NODE_ENV=test nothing is read, so a developer's `.env` never reaches the test suite's processes.
 */
export function withEnvFile(env: Env, cwd = process.cwd()): { env: Env; file?: string; keys: string[] } {
  const file = path.join(cwd, '.env');
  if (env.NODE_ENV === 'test' || !existsSync(file)) return { env, keys: [] };
  const parsed = parse(readFileSync(file));
  const keys = Object.keys(parsed).filter((k) => env[k] === undefined && parsed[k] !== '');
  const merged: Env = { ...env };
  for (const k of keys) merged[k] = parsed[k];
  return { env: merged, file, keys };
}
