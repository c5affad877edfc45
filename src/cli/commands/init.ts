import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { listBundledPolicies } from '../../engine/load.js';
import { scaffold } from '../../policy/scaffold.js';
import { bundledRulesDir, packageRoot } from '../../vocabulary/bundled.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';

const TERM_ID = /^[a-z0-9]+(?:[-.][a-z0-9]+)*$/;

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
its line and column, and the policy does not load until they are filled.

Options:
  --from <policy>  Start from a policy: a bundled id (online-safety list policies) or a folder
  --id <id>        The new policy's id (default: the folder's name)
  -h, --help       Show this help

The folder must not exist, or be empty; nothing is written when anything is wrong.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { from: { type: 'string' }, id: { type: 'string' } });
    if (positionals.length !== 1) throw new UsageError('give one folder to create');
    const dir = resolve(io.cwd, positionals[0]!);
    const id = values.id ?? basename(dir).toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '');
    if (!TERM_ID.test(id)) throw new UsageError(`"${id}" cannot be a policy id (lower-case words joined by hyphens); give --id`);
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new CliError(`${relative(io.cwd, dir) || dir} already exists and is not an empty folder; nothing was written`);
    }
    const files = scaffold({ id, schemas: relative(dir, join(packageRoot(), 'schemas')).split('\\').join('/'), from: values.from === undefined ? undefined : readFrom(values.from, io.cwd) });
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const shown = relative(io.cwd, dir) || '.';
    io.stdout.write(`wrote ${Object.keys(files).length} files in ${shown}\n`);
    io.stdout.write(values.from === undefined ? `next: online-safety test ${join(shown, 'scenarios')}\n` : `next: fill in the values online-safety validate ${shown} lists\n`);
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
