import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { listBundledPolicies, loadBundledPolicy } from '../../engine/load.js';
import type { Policy } from '../../engine/policy.js';
import { readPolicyTexts } from '../../policy/read.js';
import { policyFiles } from '../../policy/sources.js';
import { appHtml } from '../../render/app/html.js';
import type { AppData, GivenPolicyFiles } from '../../render/app/data.js';
import { extendsOf, isFolderRef } from '../../policy/inherit.js';
import { parseSource } from '../../policy/source.js';
import { renderHtml, renderMarkdown, renderMermaid } from '../../render/view.js';
import { packageRoot } from '../../vocabulary/bundled.js';
import { bundledVocabularySource } from '../../vocabulary/load.js';
import type { CommandIO } from '../command.js';
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
  app       a triage page for the people who deal with incidents: describe one (activities
            searched by their everyday names, people, facts known or not) and read the action
            plan as it changes; every bundled policy is in its menu, and the policy given
            (--policy, a folder or a bundled id) is chosen first. One self-contained HTML file:
            the package runs in the page, nothing is fetched and nothing entered leaves it

Options:
  --format <f>           markdown (default), mermaid, html, app, or all (the first three; needs --out)
  --policy <p>           The policy the triage page opens with (app only; or give it as the argument)
  -o, --out <path>       Write <policy-id>.md / .mmd / .html into this folder instead of printing;
                         for app, the HTML file to write
  -h, --help             Show this help

Without --out, exactly one policy and one format are printed to standard output.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { format: { type: 'string' }, out: { type: 'string', short: 'o' }, policy: { type: 'string' } });
    const format = values.format ?? 'markdown';
    if (format === 'app') return renderApp(values.policy === undefined ? positionals : [values.policy, ...positionals], values.out, io);
    if (values.policy !== undefined) throw new UsageError('--policy is for --format app; give the policies to render as arguments');
    if (format !== 'all' && !(format in FORMATS)) throw new UsageError(`--format must be markdown, mermaid, html, app or all, not "${format}"`);
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

/** A policy folder's texts, with the folders it extends (a bundled parent is in the page already). */
function policyFilesOnDisk(dir: string): GivenPolicyFiles {
  const texts = readPolicyTexts(dir, bundledVocabularySource().text);
  const given: GivenPolicyFiles = { files: Object.fromEntries(policyFiles(texts).map((f) => [f.name, f.text])) };
  const named = extendsOf(parseSource(texts.manifest.file, texts.manifest.text));
  if (named && isFolderRef(named.ref)) given.parents = { [named.ref]: policyFilesOnDisk(resolve(dir, named.ref)) };
  return given;
}

/** The triage page (render/app): its script from the build, the policy given inlined as its files' texts. */
async function renderApp(refs: string[], out: string | undefined, io: CommandIO): Promise<number> {
  if (refs.length > 1) throw new UsageError('the triage page opens with one policy (every bundled policy is in its menu)');
  const script = join(packageRoot(), 'dist', 'app.js');
  if (!existsSync(script)) throw new UsageError(`the triage page's script is not built (${script}): run npm run build`);
  const data: AppData = {};
  if (refs.length === 1) {
    const policy = await loadPolicyRef(refs[0]!, io.cwd);
    const bundled = listBundledPolicies().includes(policy.id) && (await loadBundledPolicy(policy.id)) === policy;
    data.given = { id: policy.id, label: `${policy.title} ${policy.version}` };
    if (!bundled) Object.assign(data.given, policyFilesOnDisk(policy.dir));
  }
  const html = appHtml(readFileSync(script, 'utf8'), data);
  if (out === undefined) {
    io.stdout.write(html);
    return EXIT.ok;
  }
  const file = resolve(io.cwd, out);
  writeFileSync(file, html);
  io.stdout.write(`wrote ${relative(io.cwd, file) || file}\n`);
  return EXIT.ok;
}
