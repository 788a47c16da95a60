// Generates web/src/api-types.ts, the TypeScript types of the BFF's JSON answers, from openapi.yaml
// with openapi-typescript, formatted with the repository's Prettier configuration (so `prettier --check`
// and eslint accept the committed file as it is).
//
//   node scripts/web-types.mjs           write web/src/api-types.ts   (npm run types:web)
//   node scripts/web-types.mjs --check   exit 1 if it differs from what openapi.yaml gives (npm run types:web:check)
import { readFile, writeFile } from 'node:fs/promises';
import process from 'node:process';
import { URL, fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import * as prettier from 'prettier';

const SOURCE = 'openapi.yaml';
const TARGET = 'web/src/api-types.ts';
const root = new URL('../', import.meta.url);
const targetPath = fileURLToPath(new URL(TARGET, root));

const HEADER = `// GENERATED FILE, do not edit: openapi-typescript's output for ${SOURCE}, written by \`npm run types:web\`.
// Change ${SOURCE} and run \`npm run types:web\`; CI (\`npm run lint\`) fails while this file is stale.
// The web app imports these types through web/src/types.ts.

`;

async function generate() {
  const ast = await openapiTS(new URL(SOURCE, root));
  const options = (await prettier.resolveConfig(targetPath)) ?? {};
  return prettier.format(HEADER + astToString(ast), { ...options, filepath: targetPath });
}

const check = process.argv.includes('--check');
const fresh = await generate();

if (!check) {
  await writeFile(targetPath, fresh);
  process.stdout.write(`${TARGET} generated from ${SOURCE}\n`);
} else {
  const committed = await readFile(targetPath, 'utf8').catch(() => null);
  if (committed !== fresh) {
    const a = (committed ?? '').split('\n');
    const b = fresh.split('\n');
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    process.stderr.write(
      `${TARGET} is stale: run npm run types:web\n` +
        (committed === null
          ? `  (${TARGET} does not exist)\n`
          : `  first difference at line ${line + 1}:\n` +
            `  - ${a[line] ?? '(end of file)'}\n  + ${b[line] ?? '(end of file)'}\n`),
    );
    process.exit(1);
  }
  process.stdout.write(`${TARGET} is up to date with ${SOURCE}\n`);
}
