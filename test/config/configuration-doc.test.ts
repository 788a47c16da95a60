import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { KNOWN_VARIABLES } from '../../src/config';
import { DEV_VARIABLES, unknownVariableWarnings } from '../../src/process/unknown-variables';
import { OTEL_VARIABLES } from '../../src/tracing';

/**
 * docs/configuration.md is the reference for every environment variable: its tables must name
 * exactly the variables the code reads, so none is missing and none is stale.
 */
const DOC = path.join(__dirname, '..', '..', 'docs', 'configuration.md');

/** The cells of a Markdown table row, split on pipes that are not escaped. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** Every `UPPER_CASE` name in backticks in the first column of the document's tables, in order. */
function documentedVariables(markdown: string): string[] {
  const names: string[] = [];
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.trim().startsWith('```')) inFence = !inFence;
    if (inFence || !line.trim().startsWith('|')) continue;
    const first = cells(line)[0] ?? '';
    if (/^:?-{3,}:?$/.test(first)) continue; // the header's separator row
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(m[1]!);
  }
  return names;
}

const sorted = (names: Iterable<string>) => [...new Set(names)].sort();

describe('docs/configuration.md', () => {
  const documented = documentedVariables(readFileSync(DOC, 'utf8'));

  it('lists every variable the BFF and the development tools read, the OpenTelemetry ones tracing honours, and nothing else', () => {
    expect(sorted(documented)).toEqual(sorted([...KNOWN_VARIABLES, ...DEV_VARIABLES, ...OTEL_VARIABLES]));
  });

  it('gives each variable one row', () => {
    const seen = new Set<string>();
    const repeated = documented.filter((name) => seen.has(name) || !seen.add(name));
    expect(repeated).toEqual([]);
  });

  it('lists only development and OpenTelemetry variables the code knows (no unknown-variable warning for them)', () => {
    const env = Object.fromEntries([...DEV_VARIABLES, ...OTEL_VARIABLES].map((name) => [name, '1']));
    expect(unknownVariableWarnings(env)).toEqual([]);
    expect(DEV_VARIABLES.filter((name) => KNOWN_VARIABLES.includes(name))).toEqual([]);
  });
});

describe('.env.example', () => {
  const text = readFileSync(path.join(__dirname, '..', '..', '.env.example'), 'utf8');
  /** `NAME=` lines, set or commented out. */
  const named = [...text.matchAll(/^#?([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);

  it('carries every variable the BFF, the development tools and tracing read, and nothing else', () => {
    expect(sorted(named)).toEqual(sorted([...KNOWN_VARIABLES, ...DEV_VARIABLES, ...OTEL_VARIABLES]));
  });
});

describe('docker-compose.yml', () => {
  const compose = parse(readFileSync(path.join(__dirname, '..', '..', 'docker-compose.yml'), 'utf8')) as {
    services: { bff: { environment: Record<string, string> } };
  };

  it('passes every variable the BFF and tracing read to the bff service, and nothing else', () => {
    expect(sorted(Object.keys(compose.services.bff.environment))).toEqual(
      sorted([...KNOWN_VARIABLES, ...OTEL_VARIABLES]),
    );
  });
});
