import type { Config } from '../config';

/**
 * The one line that says which mode runs, why, and where to go. Development is what runs unless
 * NODE_ENV=production says otherwise, and it quietly brings its own simulator, Redis and secrets:
 * a newcomer must see that at once.
 */
export function startupMessage(config: Config, parts: { simulator: boolean; devRedis: boolean }): string {
  if (config.env === 'production')
    return `Production mode (NODE_ENV=production): serving ${config.publicUrl} (the web app is at ${config.appUrl}).`;
  const extras = [
    parts.simulator && 'the bundled Securitize iD simulator',
    parts.devRedis && 'a throwaway Redis',
  ].filter(Boolean);
  const brings = extras.length > 0 ? `, with ${extras.join(' and ')}` : '';
  return (
    `${config.env === 'test' ? 'Test' : 'Development'} mode (NODE_ENV is ${config.env === 'test' ? 'test' : 'not production'})${brings}. ` +
    `Open ${config.publicUrl}`
  );
}
