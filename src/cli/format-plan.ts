// The plan as text lives with the plan (decision/plan-text.ts): the triage page shows the same text.
export { formatPlan, wrap, WIDTH, type PlanTextOptions } from '../decision/plan-text.js';
