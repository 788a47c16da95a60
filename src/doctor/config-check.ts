import { Config, ConfigError, loadConfig } from '../config';
import { unknownVariableWarnings } from '../process';
import { Check, fail, ok, warn } from './checks';

type Env = Record<string, string | undefined>;

/** The variable a problem line names (`NAME: …` or `NAME (entry 2): …`). */
const variableOf = (problem: string) => /^([A-Z][A-Z0-9_]*)/.exec(problem)?.[1];

/**
 * The configuration as `npm start` reads it, without development defaults: misspelled variables
 * first (they are often the cause of what follows), then every problem loadConfig finds.
 */
export function checkConfig(env: Env): { checks: Check[]; config?: Config } {
  const checks: Check[] = unknownVariableWarnings(env).map((line) => {
    const m = /^Unknown variable (\S+) is ignored(?: \(did you mean (\S+)\?\))?/.exec(line);
    const fix = m?.[2] ? `rename ${m[1]} to ${m[2]}` : `remove ${m?.[1] ?? 'it'}, or check its spelling`;
    return warn('config.unknown-variable', 'unknown variable', line, fix);
  });
  try {
    const config = loadConfig(env);
    checks.push(ok('config', 'configuration', `${config.env} settings read, no problem found`));
    return { checks, config };
  } catch (err) {
    const problems = err instanceof ConfigError ? err.problems : [(err as Error).message];
    for (const p of problems) {
      const name = variableOf(p);
      checks.push(
        fail(
          'config.problem',
          'configuration',
          p,
          name ? `change ${name} (docs/configuration.md)` : 'see docs/configuration.md',
        ),
      );
    }
    return { checks };
  }
}
