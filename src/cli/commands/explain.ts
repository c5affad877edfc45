import { explainDecision, formatExplanation } from '../../decision/explain.js';
import { parseIncidentText } from '../../incident/parse.js';
import { atMost, parseCommandArgs } from '../args.js';
import { EXIT, type Command } from '../command.js';
import { readIncidentText } from '../incident-input.js';
import { AS_OF_HELP, asOfFromOption, asOfOption, decidedAsOf } from '../as-of.js';
import { POLICY_HELP, policyOption, policyVersionsFromOption } from '../policy-option.js';
import { todayOption } from './evaluate.js';

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Evaluate an incident and say why, in plain English, for each outcome',
  help: `Usage: online-safety explain [options] [file|-]

Like evaluate, but each outcome says why: which rule gave it, the clause of the policy, and the
facts of the incident that matched. For example:

  Refer to the Local Authority Designated Officer (LADO) (must) — Sanctions: Staff,
  sanctions-staff.row-09: Sending an offensive, harassing or bullying email, text or instant
  message to learners (L): the subject is staff, the activity is "sending an email, ...",
  the person affected is a pupil

With --all, also lists the rules about the incident's activities that did not apply, and what
each lacked ("not so: ..." for a fact that is otherwise, "unknown: ..." for one not given).

The version of the policy is chosen as evaluate chooses it: --as-of, or the incident's "date"
when the policy folder keeps earlier versions (versions/<version>/).

Options:
${POLICY_HELP}
  --all                  Also explain the near-miss rules that did not apply
  --json                 Print the explanation as JSON
  --today <YYYY-MM-DD>   The date of the decision, for review-date warnings (default: today)
${AS_OF_HELP}
  -h, --help             Show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {
      ...policyOption,
      all: { type: 'boolean' },
      json: { type: 'boolean' },
      today: { type: 'string' },
      ...asOfOption,
    });
    atMost(positionals, 1, 'incident file');
    const today = todayOption(values.today);
    const versions = await policyVersionsFromOption(values.policy, io.cwd, values['git-history'] === true);
    const asOf = asOfFromOption(values['as-of'], versions);
    const { text, name } = await readIncidentText(positionals[0], io);
    const incident = parseIncidentText(text, name, versions.current.vocabulary);
    // The decision under the version in force, explained with that version's rules.
    const { policy, decision } = await decidedAsOf(versions, incident, { text, name }, { ...(today === undefined ? {} : { today }), ...(asOf === undefined ? {} : { asOf }) });
    const explanation = explainDecision(policy, incident, decision, { all: values.all === true });
    io.stdout.write(values.json ? `${JSON.stringify(explanation, null, 2)}\n` : formatExplanation(explanation));
    return EXIT.ok;
  },
};
