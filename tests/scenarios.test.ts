// The project's own policy tests: every scenario file under tests/scenarios/, one test each.
import { fileURLToPath } from 'node:url';
import { runScenarios } from '../src/vitest.js';

runScenarios(fileURLToPath(new URL('./scenarios/', import.meta.url)));
