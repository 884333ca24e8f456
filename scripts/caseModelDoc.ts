/** Writes docs/case-model.md from the engine's schemas and rule tables (shared/engine/reference.ts). */
import fs from 'node:fs';
import { caseModelMarkdown } from '../shared/engine/reference.js';

fs.writeFileSync('docs/case-model.md', caseModelMarkdown());
console.log('docs/case-model.md written');
