// Writes docs/cli-reference.md from the commands' help texts (npm run docs:cli).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliReference } from '../src/cli/reference.js';

writeFileSync(join(import.meta.dirname, '..', 'docs', 'cli-reference.md'), cliReference());
console.log('wrote docs/cli-reference.md');
