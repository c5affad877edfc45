import { writeFile } from 'node:fs/promises';
import { basename, extname, resolve } from 'node:path';
import { search, select } from '@inquirer/prompts';
import { isMap, parseDocument, stringify, type Document } from 'yaml';
import type { Decision } from '../../decision/schema.js';
import { parseIncident, parseIncidentText } from '../../incident/parse.js';
import type { Incident } from '../../incident/schema.js';
import type { Vocabulary } from '../../vocabulary/schema.js';
import { atMost, parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command, type CommandIO } from '../command.js';
import { formatPlan } from '../format-plan.js';
import { readIncidentText } from '../incident-input.js';
import { AS_OF_HELP, asOfFromOption, asOfOption, decidedAsOf } from '../as-of.js';
import { POLICY_HELP, policyOption, policyVersionsFromOption } from '../policy-option.js';
import { caseRecord, formatOption, localToday, todayOption } from './evaluate.js';

export const triageCommand: Command = {
  name: 'triage',
  summary: 'Work through an incident with a safeguarding lead: the plan, then its questions one at a time',
  help: `Usage: online-safety triage [options] [incident-file]

An interactive session for a Designated Safeguarding Lead. Starts from an incident file (complete
or partial: the facts it leaves out are unknown), or from nothing: then you choose the activities
by searching the vocabulary, and who did it and who was affected. The action plan is printed; then
the questions that would change it, most telling first, are asked one at a time (yes / no / don't
know), and the plan is printed again after each answer. At the end the completed incident and
the case record are written.

When standard input is not a terminal, nothing is asked: the plan and every question are printed,
and nothing is written.

Options:
${POLICY_HELP}
  --out <file>           Where to write the completed incident (default: <incident>.triaged.yaml)
  --record <file>        Where to write the case record (default: <incident>.case-record.md)
  --format <format>      The case record's format: markdown (default), html or csv
  --today <YYYY-MM-DD>   The date of the decision (default: today)
${AS_OF_HELP}
  -h, --help             Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...policyOption,
      out: { type: 'string' },
      record: { type: 'string' },
      format: { type: 'string' },
      today: { type: 'string' },
      ...asOfOption,
    });
    atMost(positionals, 1, 'incident file');
    const today = todayOption(values.today);
    const format = formatOption(values.format) ?? 'markdown';
    const interactive = (io.stdin as { isTTY?: boolean }).isTTY === true;
    if (!interactive && positionals[0] === undefined) throw new UsageError('give an incident file: without a terminal, triage only prints its plan and questions');
    const versions = await policyVersionsFromOption(values.policy, io.cwd, values['git-history'] === true);
    const asOf = asOfFromOption(values['as-of'], versions);
    const options = { ...(today === undefined ? {} : { today }), ...(asOf === undefined ? {} : { asOf }) };

    let document: Document | undefined;
    let incident: Incident;
    let file: { text: string; name: string } | undefined;
    if (positionals[0] !== undefined) {
      file = await readIncidentText(positionals[0], io);
      incident = parseIncidentText(file.text, file.name, versions.current.vocabulary);
      document = parseDocument(file.text);
    } else {
      incident = await startIncident(versions.current.vocabulary, io);
    }

    // The version in force (as evaluate chooses it); answers add facts, never a date, so it stays.
    let { policy, decision } = await decidedAsOf(versions, incident, file, options);
    io.stdout.write(formatPlan(decision, policy, interactive ? {} : { questions: Infinity }));
    if (!interactive) return EXIT.ok;

    // Facts the lead did not know: not asked again.
    const unknown = new Set<string>();
    for (;;) {
      const fact = nextFact(decision, incident, unknown);
      if (fact === undefined) break;
      const answer = await select(
        {
          message: policy.vocabulary.facts[fact]?.question ?? policy.vocabulary.facts[fact]?.description ?? fact,
          choices: [
            { name: 'yes', value: 'yes' },
            { name: 'no', value: 'no' },
            { name: "don't know", value: 'unknown' },
            { name: 'stop here, and write what is known', value: 'stop' },
          ],
          theme: { indexMode: 'number' },
        },
        context(io),
      );
      if (answer === 'stop') break;
      if (answer === 'unknown') {
        unknown.add(fact);
        continue;
      }
      incident = { ...incident, facts: { ...incident.facts, [fact]: answer === 'yes' } };
      ({ policy, decision } = await decidedAsOf(versions, incident, file, options));
      io.stdout.write(`\n${formatPlan(decision, policy)}`);
    }

    const base = positionals[0] === undefined ? (incident.id ?? 'incident') : basename(positionals[0], extname(positionals[0]));
    const out = resolve(io.cwd, values.out ?? `${base}.triaged.yaml`);
    const record = resolve(io.cwd, values.record ?? `${base}.case-record.${format === 'markdown' ? 'md' : format}`);
    await writeFile(out, incidentYaml(incident, document));
    await writeFile(record, caseRecord(format, { incident, decision, policy, evaluatedOn: today ?? localToday() }));
    io.stdout.write(`\nWrote the incident to ${out}\nWrote the case record to ${record}\n`);
    return EXIT.ok;
  },
};

function context(io: CommandIO) {
  return { input: io.stdin, output: io.stdout };
}

/**
 * The next fact to ask about: the first unknown fact of the most telling question (the plan's
 * ranking) that the lead has not already said they do not know.
 */
export function nextFact(decision: Decision, incident: Incident, unknown: ReadonlySet<string>): string | undefined {
  for (const q of decision.plan.ask) {
    for (const fact of Object.keys(q.facts)) if (!Object.hasOwn(incident.facts, fact) && !unknown.has(fact)) return fact;
  }
  return undefined;
}

/** No incident file: the activities by searching the vocabulary, then who did it and who was affected. */
async function startIncident(v: Vocabulary, io: CommandIO): Promise<Incident> {
  const activities: string[] = [];
  for (;;) {
    const chosen = await search<string>(
      {
        message: activities.length === 0 ? 'What happened? (type to search the activities)' : 'Another activity? (type to search; choose "no more" to go on)',
        source: (term) => {
          const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
          const found = Object.entries(v.activities)
            .filter(([id, label]) => !activities.includes(id) && words.every((w) => `${id} ${label}`.toLowerCase().includes(w)))
            .map(([id, label]) => ({ name: label, value: id, description: id }));
          return activities.length === 0 ? found : [{ name: 'no more activities', value: '' }, ...found];
        },
      },
      context(io),
    );
    if (chosen === '') break;
    activities.push(chosen);
  }
  const roles = Object.entries(v.roles).map(([id, label]) => ({ name: label, value: id }));
  const subject = await select({ message: 'Who did it?', choices: [...roles, { name: 'not known', value: '' }] }, context(io));
  const affected = await select({ message: 'Who was affected?', choices: [{ name: 'no one in particular', value: '' }, ...roles] }, context(io));
  const people = [
    ...(subject === '' ? [] : [{ role: subject, involvement: 'subject' }]),
    ...(affected === '' ? [] : [{ role: affected, involvement: 'affected' }]),
  ];
  return parseIncident({ people, activities }, v);
}

/**
 * The completed incident as YAML: the file it came from with the answered facts set (its
 * comments and order kept), or a new file.
 */
export function incidentYaml(incident: Incident, document: Document | undefined): string {
  if (document === undefined) {
    const fresh = {
      ...(incident.id === undefined ? {} : { id: incident.id }),
      people: incident.people,
      activities: incident.activities,
      ...(incident.technologies.length > 0 ? { technologies: incident.technologies } : {}),
      facts: incident.facts,
    };
    return stringify(fresh, { lineWidth: 0 });
  }
  if (!isMap(document.get('facts', true))) document.set('facts', document.createNode({}));
  for (const [fact, value] of Object.entries(incident.facts)) document.setIn(['facts', fact], value);
  return document.toString({ lineWidth: 0 });
}
