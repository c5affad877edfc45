// runScenarios registers one test per scenario of the fixture files (all of which pass).
import { runScenarios } from '../src/vitest.js';

runScenarios('tests/fixtures/cli/scenarios');
