import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { listBundledPolicies } from '../../engine/load.js';
import { isFolderRef } from '../../policy/inherit.js';
import { scaffold } from '../../policy/scaffold.js';
import { loadPolicyRef } from '../../scenario/policy-ref.js';
import { bundledRulesDir, packageRoot } from '../../vocabulary/bundled.js';
import { TermId } from '../../vocabulary/schema.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';

export const initCommand: Command = {
  name: 'init',
  summary: "Start a school's policy folder: a minimal valid policy, or a copy of one to fill in",
  help: `Usage: online-safety init <dir> [options]

Writes a new policy folder: policy.yaml (identity, contacts, clause ledger), rule files,
scenarios/example.yaml and a README for the school, each YAML file with a $schema line that
resolves to this package's JSON Schemas (editors check the files as you type).

Without --from, a minimal valid policy: one example clause and rule, to be replaced by the
policy's own. With --from, a copy of that policy's rules and ledger whose identity and contacts'
names are left to fill in ('FILL IN: ...'): \`online-safety validate <dir>\` lists each one with
its line and column, and the policy does not load until they are filled. With --extends, a
policy that extends that one (a school of a trust): the parent's rules, ledger and contacts
are its own, its identity is left to fill in, and the manifest lists the clauses the parent
delegates to its schools.

Options:
  --from <policy>     Start from a copy of a policy: a bundled id (online-safety list policies) or a folder
  --extends <policy>  Extend a policy: a bundled id, or a folder (written as a path relative to the new one)
  --id <id>           The new policy's id (default: the folder's name)
  -h, --help          Show this help

The folder must not exist, or be empty; nothing is written when anything is wrong.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { from: { type: 'string' }, extends: { type: 'string' }, id: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give one folder to create');
    if (values.from !== undefined && values.extends !== undefined) throw new UsageError('choose either --from (a copy) or --extends');
    const dir = resolve(io.cwd, positionals[0]!);
    const id = values.id ?? basename(dir).toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
    if (!TermId.safeParse(id).success) throw new UsageError(`"${id}" cannot be a policy id (lower-case words joined by hyphens); give --id`);
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new CliError(`${relative(io.cwd, dir) || dir} already exists and is not an empty folder; nothing was written`);
    }
    const parent = values.extends === undefined ? undefined : await readParent(values.extends, io.cwd, dir);
    const files = scaffold({
      id,
      schemas: relative(dir, join(packageRoot(), 'schemas')).split('\\').join('/'),
      from: values.from === undefined ? undefined : readFrom(values.from, io.cwd),
      extends: parent,
    });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const shown = relative(io.cwd, dir) || '.';
    io.stdout.write(`wrote ${Object.keys(files).length} files in ${shown}\n`);
    io.stdout.write(values.from === undefined && values.extends === undefined ? `next: online-safety test ${join(shown, 'scenarios')}\n` : `next: fill in the values online-safety validate ${shown} lists\n`);
    return EXIT.ok;
  },
};

/** The files of the policy to start from: its manifest, and every other file of its folder. */
function readFrom(ref: string, cwd: string): { id: string; manifest: string; files: Record<string, string> } {
  const bundled = listBundledPolicies().includes(ref) && !existsSync(resolve(cwd, ref));
  const dir = bundled ? join(bundledRulesDir(), ref) : resolve(cwd, ref);
  if (!existsSync(join(dir, 'policy.yaml'))) throw new CliError(`--from ${ref}: not a bundled policy (${listBundledPolicies().join(', ')}) nor a folder with a policy.yaml`);
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) {
    if (name === 'policy.yaml' || !statSync(join(dir, name)).isFile()) continue;
    files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return { id: bundled ? ref : basename(dir), manifest: readFileSync(join(dir, 'policy.yaml'), 'utf8'), files };
}

/** The policy to extend: it must load; `extends:` names it by id, or by its path from the new folder. */
async function readParent(ref: string, cwd: string, dir: string): Promise<{ ref: string; id: string; delegated: { id: string; label: string }[] }> {
  const policy = await loadPolicyRef(ref, cwd).catch((error: unknown) => {
    throw new CliError(`--extends ${ref}: ${error instanceof Error ? error.message : String(error)}`);
  });
  const bundled = !isFolderRef(ref) && listBundledPolicies().includes(ref) && !existsSync(resolve(cwd, ref));
  let written = ref;
  if (!bundled) {
    written = relative(dir, resolve(cwd, ref)).split('\\').join('/');
    if (!written.startsWith('.')) written = `./${written}`;
  }
  const delegated = policy.manifest.clauses.filter((c) => c.delegated).map((c) => ({ id: c.id, label: c.label }));
  return { ref: written, id: policy.id, delegated };
}
