import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { listBundledPolicies } from '../../engine/load.js';
import type { Policy } from '../../engine/policy.js';
import { renderHtml, renderMarkdown, renderMermaid } from '../../render/view.js';
import { loadPolicyRef } from '../../scenario/policy-ref.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';

const FORMATS = {
  markdown: { ext: 'md', render: renderMarkdown },
  mermaid: { ext: 'mmd', render: renderMermaid },
  html: { ext: 'html', render: renderHtml },
} as const satisfies Record<string, { ext: string; render: (p: Policy) => string }>;
type Format = keyof typeof FORMATS;

export const renderCommand: Command = {
  name: 'render',
  summary: 'Render a policy for reviewers: grids and tables (Markdown), escalation flowchart (Mermaid), HTML',
  help: `Usage: online-safety render [options] [policy...]

Renders each policy (a folder, or a bundled policy id; default: every bundled policy) as a
reviewer reads it:
  markdown  the staff sanctions grid in the policy's own layout (rows × columns, with L / P), the
            classifications (e.g. MAST 8.1 / 8.2 / 8.3) as lists, the communication-technologies
            table, the escalation paths (Mermaid), the clause ledger and every rule, each entry
            linked to its rule
  mermaid   the escalation paths alone, as a Mermaid flowchart
  html      the Markdown view as one self-contained page (no script, no network)

Options:
  --format <f>           markdown (default), mermaid, html, or all (needs --out)
  -o, --out <dir>        Write <policy-id>.md / .mmd / .html into this folder instead of printing
  -h, --help             Show this help

Without --out, exactly one policy and one format are printed to standard output.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, out: { type: 'string', short: 'o' } });
    const format = values.format ?? 'markdown';
    if (format !== 'all' && !(format in FORMATS)) throw new UsageError(`--format must be markdown, mermaid, html or all, not "${format}"`);
    const formats = (format === 'all' ? Object.keys(FORMATS) : [format]) as Format[];
    const refs = positionals.length > 0 ? positionals : listBundledPolicies();
    if (values.out === undefined && (refs.length !== 1 || formats.length !== 1)) {
      throw new UsageError('give --out <dir> to render more than one policy or format');
    }
    const policies = await Promise.all(refs.map((ref) => loadPolicyRef(ref, io.cwd)));
    if (values.out === undefined) {
      io.stdout.write(FORMATS[formats[0]!].render(policies[0]!));
      return EXIT.ok;
    }
    const dir = resolve(io.cwd, values.out);
    mkdirSync(dir, { recursive: true });
    for (const policy of policies) {
      for (const f of formats) {
        const file = join(dir, `${policy.id}.${FORMATS[f].ext}`);
        writeFileSync(file, FORMATS[f].render(policy));
        io.stdout.write(`wrote ${relative(io.cwd, file) || file}\n`);
      }
    }
    return EXIT.ok;
  },
};
