import type { InvariantResult } from '../analysis/invariants.js';
import { formatDiagnostic, type Diagnostic } from '../policy/diagnostics.js';
import { formatScenarioFailure } from '../scenario/report.js';
import type { ScenarioFileResult } from '../scenario/run.js';

/** One policy's invariants as `test` checked them: the results, and the problems found (diagnostics). */
export interface InvariantRun {
  policy: { id: string; version: string };
  results: InvariantResult[];
  problems: Diagnostic[];
}

/**
 * A `test` run as JUnit XML, the report CI systems read (GitHub Actions, GitLab, Jenkins, Azure):
 * one <testsuite> per scenario file (a file that did not load is one <error>), one per policy's
 * invariants, and one for a coverage minimum when one was set. No times: the same run gives the
 * same bytes.
 */
export function junitReport(files: ScenarioFileResult[], invariants: InvariantRun[], coverage?: { percent: number; min: number }): string {
  const suites: string[] = [];
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suite = (name: string, cases: Case[], attrs: Record<string, string> = {}, properties: Record<string, string> = {}) => {
    const count = { tests: cases.length, failures: cases.filter((c) => c.failure).length, errors: cases.filter((c) => c.error).length, skipped: cases.filter((c) => c.skipped).length };
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += count[k];
    const props = Object.entries(properties);
    suites.push(
      [
        `  <testsuite${attributes({ name, tests: count.tests, failures: count.failures, errors: count.errors, skipped: count.skipped, ...attrs })}>`,
        ...(props.length > 0 ? ['    <properties>', ...props.map(([n, v]) => `      <property${attributes({ name: n, value: v })}/>`), '    </properties>'] : []),
        ...cases.map((c) => testcase(c, name)),
        '  </testsuite>',
      ].join('\n'),
    );
  };

  for (const f of files) {
    if (f.diagnostics.length > 0) {
      suite(f.file, [{ name: 'is a valid scenario file with a policy that loads', file: f.file, error: { message: `${f.file}: not run`, text: f.diagnostics.map(formatDiagnostic).join('\n') } }], { file: f.file });
      continue;
    }
    const cases = f.results.map((s): Case => {
      const name = `${s.name}${s.cite ? ` [${s.cite}]` : ''}`;
      return s.passed ? { name, file: f.file, line: s.line } : { name, file: f.file, line: s.line, failure: { message: s.failures[0] ?? 'failed', text: formatScenarioFailure(s) } };
    });
    suite(f.file, cases, { file: f.file }, f.policy ? { policy: `${f.policy.id} ${f.policy.version}` } : {});
  }

  for (const run of invariants) {
    const name = `invariants of ${run.policy.id}`;
    const matched = new Set<Diagnostic>();
    const cases = run.results.map((r): Case => {
      const problems = run.problems.filter((d) => d.line === r.line && d.column === r.column);
      problems.forEach((d) => matched.add(d));
      const base = { name: `${r.id}: ${r.says}`, ...(problems[0] ? { file: problems[0].file } : {}), line: r.line };
      if (problems.length > 0) return { ...base, failure: { message: problems[0]!.message.split('\n')[0]!, text: problems.map(formatDiagnostic).join('\n') } };
      if (r.pending !== undefined && !(r.holds && r.checked > 0)) return { ...base, skipped: `pending: ${r.pending}` };
      return base;
    });
    const rest = run.problems.filter((d) => !matched.has(d));
    if (rest.length > 0) cases.push({ name: 'invariants.yaml is valid', file: rest[0]!.file, error: { message: rest[0]!.message.split('\n')[0]!, text: rest.map(formatDiagnostic).join('\n') } });
    suite(name, cases, {}, { policy: `${run.policy.id} ${run.policy.version}` });
  }

  if (coverage) {
    const ok = coverage.percent >= coverage.min;
    suite('coverage', [{ name: `rule coverage is at least ${coverage.min}%`, ...(ok ? {} : { failure: { message: `rule coverage ${coverage.percent}% is below the minimum of ${coverage.min}%`, text: '' } }) }]);
  }

  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: 'online-safety test', ...totals })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

interface Case {
  name: string;
  file?: string;
  line?: number;
  failure?: { message: string; text: string };
  error?: { message: string; text: string };
  skipped?: string;
}

function testcase(c: Case, classname: string): string {
  const open = `    <testcase${attributes({ name: c.name, classname, ...(c.file !== undefined ? { file: c.file } : {}), ...(c.line !== undefined ? { line: c.line } : {}) })}`;
  const body = c.failure
    ? `      <failure${attributes({ message: c.failure.message, type: 'failure' })}>${text(c.failure.text)}</failure>`
    : c.error
      ? `      <error${attributes({ message: c.error.message, type: 'error' })}>${text(c.error.text)}</error>`
      : c.skipped !== undefined
        ? `      <skipped${attributes({ message: c.skipped })}/>`
        : undefined;
  return body === undefined ? `${open}/>` : `${open}>\n${body}\n    </testcase>`;
}

function attributes(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([k, v]) => ` ${k}="${escape(String(v)).replace(/"/g, '&quot;').replace(/\n/g, '&#10;')}"`)
    .join('');
}

function text(value: string): string {
  return escape(value);
}

/** XML 1.0 text: the five specials escaped, and the characters XML cannot hold at all dropped. */
function escape(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/'/g, '&apos;');
}
