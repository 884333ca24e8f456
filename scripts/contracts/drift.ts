/** The drift check: which files of docs/contracts/ differ from what the schemas give. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONTRACTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'contracts');

/** The names (of `generated`) whose file in `dir` is missing or has other content. */
export function driftOf(generated: Record<string, string>, dir: string = CONTRACTS_DIR): string[] {
  return Object.entries(generated)
    .filter(([name, text]) => {
      try {
        return readFileSync(path.join(dir, name), 'utf8') !== text;
      } catch {
        return true;
      }
    })
    .map(([name]) => name);
}

/** The message the drift check fails with. */
export const driftMessage = (names: string[]) =>
  `docs/contracts/ differs from what the zod schemas give (${names.join(', ')}): run npm run contracts, review the diff and commit it`;
