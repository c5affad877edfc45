import { runScenarios } from 'online-safety-rules/vitest';
runScenarios('scenarios');
