import { existsSync, lstatSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { formatDiagnostic } from '../../policy/diagnostics.js';
import { readTextFile } from '../../policy/files.js';
import { FormatError, formatPolicyFile } from '../../policy/format.js';
import { parseCommandArgs } from '../args.js';
import { EXIT, UsageError, type Command } from '../command.js';
import { CliError } from '../errors.js';

export const fmtCommand: Command = {
  name: 'fmt',
  summary: 'Put rule files in their canonical layout (key order, quoting, indentation; comments kept)',
  help: `Usage: online-safety fmt [options] [paths...]

Rewrites policy YAML files (policy.yaml, rule files, vocabulary.yaml) in one canonical layout, so
that a diff between two versions shows only real changes:
  - keys in the schema's order (a rule: id, cite, label, modality, when, then; an outcome: its
    kind, then modality, by, timing; the manifest: id, title, owner, version, dates, source,
    contacts, clauses, communicationTechnologies, textCoverage); other keys after them, as written
  - strings plain unless YAML needs quotes (then single quotes)
  - two-space indentation, list items indented under their key, no line folding
  - comments and blank lines kept; [a, b] lists stay on one line
A path may be a file or a folder (every .yaml / .yml file below it). Default: rules

Options:
  --check                Change nothing; list the files that are not in canonical layout
  --diff                 With --check: show what would change, as a unified diff (a/ the file as
                         it is, b/ as fmt would write it), e.g. for a CI log or \`git apply\`
  -h, --help             Show this help

Exit codes: 0 every file is canonical (or was rewritten); 1 with --check, a file would change,
or a file cannot be formatted: not valid YAML, empty, not a regular UTF-8 file, or over
--max-file-size (then nothing is written); 2 usage error.
`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { check: { type: 'boolean' }, diff: { type: 'boolean' } });
    if (values.diff && !values.check) throw new UsageError('--diff applies only with --check (without it, fmt rewrites the files)');
    const roots = (positionals.length > 0 ? positionals : ['rules']).map((p) => resolve(io.cwd, p));
    const missing = roots.filter((p) => !existsSync(p) && !isLink(p));
    if (missing.length > 0) throw new UsageError(`no such file or folder: ${missing.map((p) => relative(io.cwd, p)).join(', ')}`);
    const files = [...new Set(roots.flatMap(yamlFiles))].sort();
    const show = (file: string) => relative(io.cwd, file) || file;

    const changed: { file: string; before: string; text: string }[] = [];
    const problems: string[] = [];
    for (const file of files) {
      // A file that is not a regular UTF-8 file within the size limit is never rewritten.
      const read = readTextFile(file, show(file));
      if (read.problem) {
        problems.push(formatDiagnostic(read.problem));
        continue;
      }
      const text = read.text;
      try {
        const formatted = formatPolicyFile(show(file), text);
        if (formatted !== text) changed.push({ file, before: text, text: formatted });
      } catch (error) {
        if (!(error instanceof FormatError)) throw error;
        problems.push(error.message);
      }
    }
    // A file that does not parse stops the run before anything is written.
    if (problems.length > 0) throw new CliError(`${problems.length} file${problems.length === 1 ? '' : 's'} could not be formatted; nothing was changed`, problems);

    if (values.check) {
      for (const c of changed) {
        if (values.diff) io.stdout.write(unifiedDiff(show(c.file), c.before, c.text));
        else io.stdout.write(`would reformat ${show(c.file)}\n`);
      }
      if (changed.length > 0) {
        io.stderr.write(`online-safety fmt: ${changed.length} of ${files.length} files not in canonical layout (run "online-safety fmt" to fix).\n`);
        return EXIT.finding;
      }
      io.stdout.write(`${files.length} file${files.length === 1 ? ' is' : 's are'} in canonical layout\n`);
      return EXIT.ok;
    }
    for (const c of changed) {
      writeFileSync(c.file, c.text);
      io.stdout.write(`formatted ${show(c.file)}\n`);
    }
    io.stdout.write(`${changed.length} of ${files.length} files reformatted\n`);
    return EXIT.ok;
  },
};

/** A file's change as a unified diff (git's a/ and b/ names, three lines of context). */
export function unifiedDiff(file: string, before: string, after: string): string {
  const name = file.split(sep).join('/');
  return createTwoFilesPatch(`a/${name}`, `b/${name}`, before, after, undefined, undefined, { context: 3, headerOptions: FILE_HEADERS_ONLY });
}

/** The YAML files below a path: real folders are entered (a link to one is not, so no loop). */
function yamlFiles(path: string): string[] {
  if (!isFolder(path)) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => (e.isDirectory() ? yamlFiles(join(path, e.name)) : /\.ya?ml$/i.test(e.name) ? [join(path, e.name)] : []));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a dangling link or a loop: reported when read
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
