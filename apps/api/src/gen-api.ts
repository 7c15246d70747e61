import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CONTRACT_FILES, createOpenApiDocument, renderContract, repositoryRoot } from './openapi';

/**
 * `npm run gen:api`: writes the API contract the web app is typed from (openapi.json and the
 * openapi-typescript `paths`/`components` in schema.d.ts). No server is started.
 */
async function main() {
  const root = repositoryRoot();
  const rendered = await renderContract(await createOpenApiDocument());
  for (const kind of ['json', 'types'] as const) {
    const file = join(root, CONTRACT_FILES[kind]);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, rendered[kind]);
    console.log(`wrote ${CONTRACT_FILES[kind]}`);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
