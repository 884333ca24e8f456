/**
 * `npm run contracts`: writes the published contracts to docs/contracts/ from the zod schemas
 * (scripts/contracts/documents.ts). `npm run contracts -- --check` writes nothing and exits 1 when a file
 * differs (test/contracts.test.ts runs the same check in `npm test`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateContracts } from './contracts/documents.js';
import { CONTRACTS_DIR, driftOf, driftMessage } from './contracts/drift.js';

const files = generateContracts();
const differing = driftOf(files);
if (process.argv.includes('--check')) {
  if (differing.length > 0) {
    console.error(driftMessage(differing));
    process.exit(1);
  }
  console.log('docs/contracts/ is up to date');
} else {
  mkdirSync(CONTRACTS_DIR, { recursive: true });
  for (const name of differing) {
    writeFileSync(path.join(CONTRACTS_DIR, name), files[name as keyof typeof files]);
    console.log(`wrote docs/contracts/${name}`);
  }
  if (differing.length === 0) console.log('docs/contracts/ was up to date');
}
